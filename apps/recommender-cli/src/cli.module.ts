import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '../../recommender-api/src/catalog/catalog.module';
import { ApiConfig } from '../../recommender-api/src/config/api-config';
import { ConfigModule } from '../../recommender-api/src/config/config.module';
import { EventsModule } from '../../recommender-api/src/events/events.module';
import { SearchModule } from '../../recommender-api/src/search/search.module';
import { SignalsModule } from '../../recommender-api/src/signals/signals.module';

/** The service's providers without HTTP: the CLI writes through the same code as the API. */
@Module({})
export class CliModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), SearchModule, SignalsModule, CatalogModule, EventsModule],
    };
  }
}
