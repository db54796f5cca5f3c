import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApiConfig } from './api-config';

/** The configuration, validated before the module is built, available everywhere (the one global module). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ApiConfig, useValue: config }],
      exports: [ApiConfig],
    };
  }
}
