import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { CatalogModule } from './catalog/catalog.module';
import { ApiConfig } from './config/api-config';
import { ConfigModule } from './config/config.module';
import { EventsModule } from './events/events.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { HealthModule } from './health/health.module';
import { NetworkingModule } from './networking/networking.module';
import { loggingModule, LoggingOptions } from './observability/logging.module';
import { MetricsModule } from './observability/metrics.module';
import { TravelModule } from './travel/travel.module';

@Module({})
export class AppModule {
  /** The whole service for one validated configuration; JSON logs through pino when `logging` is given. */
  static register(config: ApiConfig, logging?: LoggingOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ...(logging ? [loggingModule(logging)] : []),
        MetricsModule,
        AccessModule,
        CatalogModule,
        EventsModule,
        HealthModule,
        AdminModule,
        ExperimentsModule,
        TravelModule,
        NetworkingModule,
      ],
    };
  }
}
