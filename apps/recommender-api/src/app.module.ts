import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { CatalogModule } from './catalog/catalog.module';
import { ApiConfig } from './config/api-config';
import { ConfigModule } from './config/config.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { NetworkingModule } from './networking/networking.module';
import { TravelModule } from './travel/travel.module';

@Module({})
export class AppModule {
  /** The whole service for one validated configuration. */
  static register(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CatalogModule,
        EventsModule,
        HealthModule,
        AdminModule,
        TravelModule,
        NetworkingModule,
      ],
    };
  }
}
