import { MemberEdgeKind } from '@app/catalog';
import { Controller, Delete, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../access/access-rule.decorator';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { CatalogIngestionService } from './catalog-ingestion.service';
import { RelationAnswer } from './catalog-write.dto';

/**
 * Durable relationships between members, kept in the engine (not only in Redis): blocks (absolute, both ways) and
 * connections. PUT is idempotent (201 the first time, 200 `exists` after); DELETE answers `not_found` when absent.
 */
@RequireScope('catalog')
@ApiTags('catalog')
@ApiErrorResponses(400, 503)
@Controller('v1/members/:id')
export class MemberRelationsController {
  constructor(private readonly ingestion: CatalogIngestionService) {}

  @ApiOperation({ summary: 'Member `id` blocks `otherId`: each is hidden from the other, durably' })
  @ApiCreatedResponse({ type: RelationAnswer, description: 'created' })
  @ApiOkResponse({ type: RelationAnswer, description: '`exists`: it was already there' })
  @Put('blocks/:otherId')
  putBlock(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RelationAnswer> {
    return this.put('block', id, otherId, reply);
  }

  @ApiOperation({ summary: 'Removes the block `id` wrote about `otherId`' })
  @ApiOkResponse({ type: RelationAnswer, description: '`deleted`, or `not_found` when it was not there' })
  @Delete('blocks/:otherId')
  deleteBlock(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
  ): Promise<RelationAnswer> {
    return this.ingestion.deleteRelation('block', id, otherId);
  }

  @ApiOperation({ summary: 'Connects two members (mutual, stored once per pair)' })
  @ApiCreatedResponse({ type: RelationAnswer, description: 'created' })
  @ApiOkResponse({ type: RelationAnswer, description: '`exists`: it was already there' })
  @Put('connections/:otherId')
  putConnection(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RelationAnswer> {
    return this.put('connection', id, otherId, reply);
  }

  @ApiOperation({ summary: 'Removes the connection of two members' })
  @ApiOkResponse({ type: RelationAnswer, description: '`deleted`, or `not_found` when it was not there' })
  @Delete('connections/:otherId')
  deleteConnection(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
  ): Promise<RelationAnswer> {
    return this.ingestion.deleteRelation('connection', id, otherId);
  }

  private async put(
    kind: MemberEdgeKind,
    id: string,
    otherId: string,
    reply: FastifyReply,
  ): Promise<RelationAnswer> {
    const { status, answer } = await this.ingestion.putRelation(kind, id, otherId);
    reply.status(status);
    return answer;
  }
}
