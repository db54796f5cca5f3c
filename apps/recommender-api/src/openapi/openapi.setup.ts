import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { describeCatalogDtos } from './catalog-dto.schemas';
import { serveSwaggerUi } from './swagger-ui';

/** Swagger UI. */
export const DOCS_PATH = '/docs';
/** The OpenAPI document, as JSON. */
export const DOCS_JSON_PATH = '/docs-json';

/** The OpenAPI document of the service, generated from its controllers and DTOs. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  describeCatalogDtos();
  const config = new DocumentBuilder()
    .setTitle('Recommender API')
    .setDescription(
      'Recommendations served by a search engine: the travel feed (places a member will love) and the networking ' +
        'discovery feed (people to meet), the events that teach them, the catalog they rank, and operations.',
    )
    .setVersion('v1')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Serves the document at `/docs-json` and Swagger UI at `/docs`. The document is built at the first request for it,
 * not at boot. Call before the app listens (fastify takes no routes after).
 */
export function setupOpenApi(app: INestApplication): void {
  // Swagger UI's own pages need @fastify/static on fastify: serveSwaggerUi serves the few files it needs instead.
  SwaggerModule.setup(DOCS_PATH, app, () => openApiDocument(app), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });
  serveSwaggerUi(app.getHttpAdapter().getInstance() as FastifyInstance, DOCS_PATH, DOCS_JSON_PATH);
}
