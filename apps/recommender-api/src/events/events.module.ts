import { Module } from '@nestjs/common';
import { MetricsModule } from '../observability/metrics.module';
import { ResilienceModule } from '../resilience/resilience.module';
import { SearchModule } from '../search/search.module';
import { SignalsModule } from '../signals/signals.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [SearchModule, SignalsModule, MetricsModule, ResilienceModule],
  controllers: [EventsController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
