import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../access/access-rule.decorator';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { RequestId } from '../observability/request-id.decorator';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { TravelFeedAnswer, TravelFeedQueryDto } from './travel-feed.dto';
import { TravelFeedService } from './travel-feed.service';

/** The travel feed: places a member will love, near a point or in a city. */
@RequireScope('travel')
@ApiTags('travel')
@Controller('v1/travel')
export class TravelController {
  constructor(private readonly feed: TravelFeedService) {}

  @ApiOperation({ summary: 'Places the member will love, near a point or in a city, a page at a time' })
  @ApiOkResponse({ type: TravelFeedAnswer })
  @ApiErrorResponses(400, 404, 503)
  @Get('members/:memberId/places')
  places(
    @Param('memberId', EntityIdPipe) memberId: string,
    @Query() query: TravelFeedQueryDto,
    @RequestId() requestId: string,
  ): Promise<TravelFeedAnswer> {
    return this.feed.feed(memberId, query, requestId);
  }
}
