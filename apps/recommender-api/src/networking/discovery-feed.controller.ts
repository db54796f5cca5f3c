import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../access/access-rule.decorator';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { RequestId } from '../observability/request-id.decorator';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { DiscoveryFeedDto, DiscoveryFeedQueryDto } from './discovery-feed.dto';
import { DiscoveryFeedService } from './discovery-feed.service';

@RequireScope('networking')
@ApiTags('networking')
@Controller('v1/networking/members')
export class DiscoveryFeedController {
  constructor(private readonly feed: DiscoveryFeedService) {}

  /** People the member may want to meet, a page at a time (`limit` 1–50, `cursor`, `explain`). */
  @ApiOperation({ summary: 'People the member may want to meet, a page at a time' })
  @ApiOkResponse({ type: DiscoveryFeedDto })
  @ApiErrorResponses(400, 404, 503)
  @Get(':memberId/discovery')
  discovery(
    @Param('memberId', EntityIdPipe) memberId: string,
    @Query() query: DiscoveryFeedQueryDto,
    @RequestId() requestId: string,
  ): Promise<DiscoveryFeedDto> {
    return this.feed.serve(memberId, { ...query, requestId });
  }
}
