import { MemberDto, PlaceDto } from '@app/catalog';
import { Body, Controller, Delete, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../access/access-rule.decorator';
import { InvalidInputException } from '../common/api-error';
import { BodyWithPathId } from '../common/body-with-path-id.decorator';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { CatalogIngestionService } from './catalog-ingestion.service';
import { BatchResult, CatalogBatchDto, catalogBatchBody, WriteAnswer } from './catalog-write.dto';

/** Catalog writes: places and members, one at a time or in batches of up to 1,000 with a result per item. */
@RequireScope('catalog')
@ApiTags('catalog')
@ApiExtraModels(PlaceDto, MemberDto)
@ApiErrorResponses(400, 503)
@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly ingestion: CatalogIngestionService) {}

  /** 201 when created, 200 when replaced; the id may be left out of the body. */
  @ApiOperation({ summary: 'Creates or replaces a place' })
  @ApiBody({ type: PlaceDto })
  @ApiCreatedResponse({ type: WriteAnswer, description: 'created' })
  @ApiOkResponse({ type: WriteAnswer, description: 'replaced' })
  @Put('places/:id')
  async putPlace(
    @Param('id', EntityIdPipe) id: string,
    @BodyWithPathId('id') place: PlaceDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteAnswer> {
    assertSameId(id, place.id);
    const { status, answer } = await this.ingestion.putPlace(place);
    reply.status(status);
    return answer;
  }

  // `::` is a literal colon in a route path.
  @ApiOperation({ summary: 'Creates or replaces up to 1,000 places, with a result per item' })
  @ApiBody(catalogBatchBody(PlaceDto))
  @ApiOkResponse({ type: BatchResult })
  @Post('places::batch')
  @HttpCode(200)
  putPlaces(@Body() batch: CatalogBatchDto): Promise<BatchResult> {
    return this.ingestion.putPlaces(batch.items);
  }

  /** Idempotent: deleting what is not there answers `not_found` with a 200. */
  @ApiOperation({ summary: 'Deletes a place' })
  @ApiOkResponse({ type: WriteAnswer, description: '`deleted`, or `not_found` when it was not there' })
  @Delete('places/:id')
  deletePlace(@Param('id', EntityIdPipe) id: string): Promise<WriteAnswer> {
    return this.ingestion.deletePlace(id);
  }

  @ApiOperation({ summary: 'Creates or replaces a member' })
  @ApiBody({ type: MemberDto })
  @ApiCreatedResponse({ type: WriteAnswer, description: 'created' })
  @ApiOkResponse({ type: WriteAnswer, description: 'replaced' })
  @Put('members/:id')
  async putMember(
    @Param('id', EntityIdPipe) id: string,
    @BodyWithPathId('id') member: MemberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteAnswer> {
    assertSameId(id, member.id);
    const { status, answer } = await this.ingestion.putMember(member);
    reply.status(status);
    return answer;
  }

  @ApiOperation({ summary: 'Creates or replaces up to 1,000 members, with a result per item' })
  @ApiBody(catalogBatchBody(MemberDto))
  @ApiOkResponse({ type: BatchResult })
  @Post('members::batch')
  @HttpCode(200)
  putMembers(@Body() batch: CatalogBatchDto): Promise<BatchResult> {
    return this.ingestion.putMembers(batch.items);
  }

  @ApiOperation({ summary: 'Deletes a member' })
  @ApiOkResponse({ type: WriteAnswer, description: '`deleted`, or `not_found` when it was not there' })
  @Delete('members/:id')
  deleteMember(@Param('id', EntityIdPipe) id: string): Promise<WriteAnswer> {
    return this.ingestion.deleteMember(id);
  }
}

function assertSameId(pathId: string, bodyId: string): void {
  if (pathId !== bodyId) {
    throw new InvalidInputException([
      { field: 'id', message: `id must equal the id in the path (${pathId})` },
    ]);
  }
}
