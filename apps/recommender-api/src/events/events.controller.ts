import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { EventsService } from './events.service';
import { EventsAnswer, EventsBatchDto } from './interaction-event.dto';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Up to 500 events; idempotent by event id; visible to the very next recommendation request. */
  @Post()
  @HttpCode(200)
  record(@Body() batch: EventsBatchDto): Promise<EventsAnswer> {
    return this.events.record(batch.events);
  }
}
