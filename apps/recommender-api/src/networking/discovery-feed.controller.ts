import { Controller, Get, Param, Query } from '@nestjs/common';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { DiscoveryFeedDto, DiscoveryFeedQueryDto } from './discovery-feed.dto';
import { DiscoveryFeedService } from './discovery-feed.service';

@Controller('v1/networking/members')
export class DiscoveryFeedController {
  constructor(private readonly feed: DiscoveryFeedService) {}

  /** People the member may want to meet, a page at a time (`limit` 1–50, `cursor`, `explain`). */
  @Get(':memberId/discovery')
  discovery(
    @Param('memberId', EntityIdPipe) memberId: string,
    @Query() query: DiscoveryFeedQueryDto,
  ): Promise<DiscoveryFeedDto> {
    return this.feed.serve(memberId, query);
  }
}
