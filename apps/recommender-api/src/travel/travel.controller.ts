import { Controller, Get, Param, Query } from '@nestjs/common';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { TravelFeedAnswer, TravelFeedQueryDto } from './travel-feed.dto';
import { TravelFeedService } from './travel-feed.service';

/** The travel feed: places a member will love, near a point or in a city. */
@Controller('v1/travel')
export class TravelController {
  constructor(private readonly feed: TravelFeedService) {}

  @Get('members/:memberId/places')
  places(
    @Param('memberId', EntityIdPipe) memberId: string,
    @Query() query: TravelFeedQueryDto,
  ): Promise<TravelFeedAnswer> {
    return this.feed.feed(memberId, query);
  }
}
