import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopesOf } from '../access/access-rule.decorator';
import { eventBatchScopes } from '../access/event-scopes';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { EventsService } from './events.service';
import { EventsAnswer, EventsBatchDto } from './interaction-event.dto';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Up to 500 events; idempotent by event id; visible to the very next recommendation request. */
  /** Events about places need the `travel` scope, about members `networking`; a mixed batch needs both. */
  @ApiOperation({
    summary:
      'Records interaction events (up to 500; idempotent by event id), visible to the very next feed request',
  })
  @ApiOkResponse({ type: EventsAnswer })
  @ApiErrorResponses(400, 503)
  @Post()
  @RequireScopesOf(eventBatchScopes)
  @HttpCode(200)
  record(@Body() batch: EventsBatchDto): Promise<EventsAnswer> {
    return this.events.record(batch.events);
  }
}
