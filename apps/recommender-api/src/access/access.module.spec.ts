import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { resolveApiConfig } from '../config/api-config';
import { ConfigModule } from '../config/config.module';
import { AccessModule } from './access.module';
import { OpenRoute, RequireScope } from './access-rule.decorator';
import { apiKeyEntry } from './api-key-list';

@Controller('undeclared')
class UndeclaredController {
  @Get()
  get(): string {
    return 'served';
  }
}

@RequireScope('travel')
@Controller('mixed')
class MixedController {
  @Get('travel')
  travel(): string {
    return 'served';
  }

  @RequireScope('catalog')
  @Get('catalog')
  catalog(): string {
    return 'served';
  }

  @OpenRoute()
  @Get('open')
  open(): string {
    return 'served';
  }
}

/** The guard as Nest runs it (global, through AccessModule), on routes of this test's own. */
describe('AccessModule', () => {
  let app: NestFastifyApplication;
  let base: string;
  const keys = [
    apiKeyEntry('ops', ['admin'], 'rk_ops'),
    apiKeyEntry('travel-app', ['travel'], 'rk_travel'),
    apiKeyEntry('catalog-app', ['catalog'], 'rk_catalog'),
  ].join(',');

  beforeAll(async () => {
    @Module({
      imports: [ConfigModule.forRoot(resolveApiConfig({ apiKeys: keys })), AccessModule],
      controllers: [UndeclaredController, MixedController],
    })
    class TestModule {}
    app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), {
      logger: false,
      abortOnError: false,
    });
    app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  // Over HTTP: fastify's inject loads an ES module Jest cannot.
  const status = async (url: string, key?: string) => {
    const response = await fetch(`${base}${url}`, { headers: key === undefined ? {} : { 'x-api-key': key } });
    await response.arrayBuffer();
    return response.status;
  };

  it('asks admin of a route that declares nothing: forgetting closes a route, never opens it', async () => {
    expect(await status('/undeclared')).toBe(401);
    expect(await status('/undeclared', 'rk_travel')).toBe(403);
    expect(await status('/undeclared', 'rk_ops')).toBe(200);
  });

  it("takes a controller's scope for its routes, and a route's own declaration over it", async () => {
    expect(await status('/mixed/travel', 'rk_travel')).toBe(200);
    expect(await status('/mixed/travel', 'rk_catalog')).toBe(403);
    expect(await status('/mixed/catalog', 'rk_catalog')).toBe(200);
    expect(await status('/mixed/catalog', 'rk_travel')).toBe(403);
    expect(await status('/mixed/open')).toBe(200);
  });
});
