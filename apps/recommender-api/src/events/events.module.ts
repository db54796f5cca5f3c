import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module';
import { SignalsModule } from '../signals/signals.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [SearchModule, SignalsModule],
  controllers: [EventsController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
