import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The files of swagger-ui-dist (a dependency of @nestjs/swagger) the page loads, with their content types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Swagger UI at `uiPath`, reading the document from `documentPath`; its files are read once, when first asked for. */
export function serveSwaggerUi(fastify: FastifyInstance, uiPath: string, documentPath: string): void {
  const html = swaggerUiPage(uiPath, documentPath);
  fastify.get(uiPath, (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(html);
  });
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const loaded = new Map<string, Buffer>();
  for (const [file, type] of Object.entries(ASSETS)) {
    fastify.get(`${uiPath}/${file}`, (_request, reply) => {
      let content = loaded.get(file);
      if (content === undefined) {
        content = readFileSync(join(dir, file));
        loaded.set(file, content);
      }
      void reply.type(type).header('cache-control', 'public, max-age=86400').send(content);
    });
  }
}

function swaggerUiPage(uiPath: string, documentPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Recommender API</title>
  <link rel="stylesheet" href="${uiPath}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${uiPath}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${uiPath}/swagger-ui-bundle.js"></script>
  <script src="${uiPath}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.onload = () => {
      window.ui = SwaggerUIBundle({
        url: '${documentPath}',
        dom_id: '#swagger-ui',
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: 'StandaloneLayout',
      });
    };
  </script>
</body>
</html>
`;
}
