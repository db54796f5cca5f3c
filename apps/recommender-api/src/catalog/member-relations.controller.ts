import { MemberEdgeKind } from '@app/catalog';
import { Controller, Delete, Param, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { CatalogIngestionService } from './catalog-ingestion.service';
import { RelationAnswer } from './catalog-write.dto';

/**
 * Durable relationships between members, kept in the engine (not only in Redis): blocks (absolute, both ways) and
 * connections. PUT is idempotent (201 the first time, 200 `exists` after); DELETE answers `not_found` when absent.
 */
@Controller('v1/members/:id')
export class MemberRelationsController {
  constructor(private readonly ingestion: CatalogIngestionService) {}

  @Put('blocks/:otherId')
  putBlock(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RelationAnswer> {
    return this.put('block', id, otherId, reply);
  }

  @Delete('blocks/:otherId')
  deleteBlock(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
  ): Promise<RelationAnswer> {
    return this.ingestion.deleteRelation('block', id, otherId);
  }

  @Put('connections/:otherId')
  putConnection(
    @Param('id', EntityIdPipe) id: string,
    @Param('otherId', EntityIdPipe) otherId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RelationAnswer> {
    return this.put('connection', id, otherId, reply);
  }

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
