import { Module } from '@nestjs/common';
import { ResilienceModule } from '../resilience/resilience.module';
import { SearchModule } from '../search/search.module';
import { CatalogIngestionService } from './catalog-ingestion.service';
import { CatalogController } from './catalog.controller';
import { MemberRelationsController } from './member-relations.controller';

@Module({
  imports: [SearchModule, ResilienceModule],
  controllers: [CatalogController, MemberRelationsController],
  providers: [CatalogIngestionService],
  exports: [CatalogIngestionService],
})
export class CatalogModule {}
