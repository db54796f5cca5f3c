import {
  FieldError,
  isEntityId,
  Member,
  MemberEdge,
  MemberEdgeKind,
  memberEdgeId,
  normalizeMemberEdge,
  Place,
  validateMember,
  validateMemberEdge,
  validatePlace,
  ValidationResult,
} from '@app/catalog';
import { CatalogRepository, RefreshPolicy, WriteResult } from '@app/search';
import { HttpStatus, Injectable, Optional } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import { BatchResult, ItemOutcome, ItemResult, RelationAnswer, WriteAnswer } from './catalog-write.dto';
import { CatalogWriteEffects } from '../resilience/catalog-write-effects';

/**
 * Catalog writes, for the HTTP API and for loaders (the CLI's demo goes through here too): validation per item,
 * mapping to engine documents, writes through the repository, one result per item.
 *
 * When writes become searchable (refresh):
 * - places and members written by the API: CATALOG_WRITE_REFRESH, `wait_for` by default: the answer comes once the
 *   write is searchable (read-your-writes, up to the 1 s refresh interval of latency, no forced refreshes under load);
 * - blocks and connections: `immediate`, always: a block must hold on the very next request, and they are rare;
 * - loaders pass `none` and refresh once at the end.
 * Durability does not depend on refresh: an acknowledged write is in the engine's log (translog) either way.
 */
@Injectable()
export class CatalogIngestionService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly config: ApiConfig,
    /** Invalidates cached profiles and tells the feeds' fallback about blocks (absent in unit tests). */
    @Optional() private readonly writes?: CatalogWriteEffects,
  ) {}

  /** The refresh policy of API writes of places and members. */
  get apiRefresh(): RefreshPolicy {
    return this.config.catalogWriteRefresh;
  }

  async putPlace(place: Place): Promise<{ status: number; answer: WriteAnswer }> {
    const [result] = await this.repository.putPlaces([place], this.apiRefresh);
    this.writes?.placesChanged([place.id]);
    return single(result);
  }

  async putMember(member: Member): Promise<{ status: number; answer: WriteAnswer }> {
    const [result] = await this.repository.putMembers([member], this.apiRefresh);
    this.writes?.membersChanged([member.id]);
    return single(result);
  }

  async deletePlace(id: string): Promise<WriteAnswer> {
    const [result] = await this.repository.deletePlaces([id], this.apiRefresh);
    this.writes?.placesChanged([id]);
    return single(result).answer;
  }

  async deleteMember(id: string): Promise<WriteAnswer> {
    const [result] = await this.repository.deleteMembers([id], this.apiRefresh);
    this.writes?.membersChanged([id]);
    return single(result).answer;
  }

  /** Validates each item; stores the valid ones in one go; reports every item. */
  putPlaces(items: unknown[], refresh: RefreshPolicy = this.apiRefresh): Promise<BatchResult> {
    return this.putBatch(items, validatePlace, async (places) => {
      const results = await this.repository.putPlaces(places, refresh);
      this.writes?.placesChanged(places.map((p) => p.id));
      return results;
    });
  }

  putMembers(items: unknown[], refresh: RefreshPolicy = this.apiRefresh): Promise<BatchResult> {
    return this.putBatch(items, validateMember, async (members) => {
      const results = await this.repository.putMembers(members, refresh);
      this.writes?.membersChanged(members.map((m) => m.id));
      return results;
    });
  }

  /** Relationships in bulk (loaders); an edge already stored keeps its original creation time. */
  putRelations(items: unknown[], refresh: RefreshPolicy = 'immediate'): Promise<BatchResult> {
    return this.putBatch(items, validateMemberEdge, async (edges) => {
      const results = await this.repository.putEdges(edges, refresh, true);
      for (const edge of edges) if (edge.kind === 'block') this.writes?.blocked(edge.a, edge.b);
      return results;
    });
  }

  /**
   * `memberId` blocks `otherId`, or connects with them. Idempotent: repeating it answers `exists` and keeps the
   * original time. A block hides both members from each other, whoever wrote it.
   */
  async putRelation(
    kind: MemberEdgeKind,
    memberId: string,
    otherId: string,
  ): Promise<{ status: number; answer: RelationAnswer }> {
    const edge = relation(kind, memberId, otherId, new Date().toISOString());
    const [result] = await this.repository.putEdges([edge], 'immediate', true);
    if (edge.kind === 'block') this.writes?.blocked(edge.a, edge.b);
    const { status, answer } = single(result);
    return { status, answer: { ...answer, ...describeEdge(edge) } };
  }

  /** Removes the block `memberId` wrote about `otherId` (not one written the other way), or their connection. */
  async deleteRelation(kind: MemberEdgeKind, memberId: string, otherId: string): Promise<RelationAnswer> {
    const edge = relation(kind, memberId, otherId, new Date().toISOString());
    const [result] = await this.repository.deleteEdges([edge], 'immediate');
    return { ...single(result).answer, ...describeEdge(edge) };
  }

  private async putBatch<T extends { id?: string; kind?: string; a?: string; b?: string }>(
    items: unknown[],
    validate: (item: unknown) => ValidationResult<T>,
    write: (valid: T[]) => Promise<WriteResult[]>,
  ): Promise<BatchResult> {
    const results: ItemResult[] = new Array(items.length);
    const valid: T[] = [];
    const positions: number[] = [];
    items.forEach((item, index) => {
      const checked = validate(item);
      if (checked.ok) {
        valid.push(checked.value);
        positions.push(index);
      } else {
        const id = (item as { id?: unknown } | null)?.id;
        results[index] = {
          index,
          ...(isEntityId(id) && { id }),
          status: HttpStatus.BAD_REQUEST,
          result: 'invalid',
          errors: checked.errors,
        };
      }
    });
    if (valid.length > 0) {
      const written = await write(valid);
      written.forEach((result, i) => {
        results[positions[i]] = { index: positions[i], ...itemOutcome(result) };
      });
    }
    const stored = results.filter(
      (r) => r.result === 'created' || r.result === 'updated' || r.result === 'exists',
    ).length;
    return { stored, failed: results.length - stored, items: results };
  }
}

function relation(kind: MemberEdgeKind, memberId: string, otherId: string, createdAt: string): MemberEdge {
  if (memberId === otherId) {
    throw new InvalidInputException([
      {
        field: 'otherId',
        message: 'otherId must differ from id (a member has no relationship with themselves)',
      },
    ]);
  }
  return { kind, a: memberId, b: otherId, createdAt };
}

function describeEdge(edge: MemberEdge): { id: string; kind: MemberEdgeKind; a: string; b: string } {
  const stored = normalizeMemberEdge(edge);
  return { id: memberEdgeId(stored.kind, stored.a, stored.b), kind: stored.kind, a: stored.a, b: stored.b };
}

/** One item's engine result as the API reports it. */
function itemOutcome(result: WriteResult): Omit<ItemResult, 'index'> {
  switch (result.result) {
    case 'created':
      return { id: result.id, status: HttpStatus.CREATED, result: 'created' };
    case 'updated':
    case 'deleted':
    case 'not_found':
    case 'exists':
      return { id: result.id, status: HttpStatus.OK, result: result.result };
    default:
      return { id: result.id, ...failure(result) };
  }
}

/** Engine refusals: its own trouble (5xx, or the alias missing before install) is a 503; a refused document a 400. */
function failure(result: WriteResult): { status: number; result: ItemOutcome; errors: FieldError[] } {
  const type = result.error?.type ?? 'unknown';
  if (result.status >= 500 || result.status === 429 || type === 'index_not_found_exception') {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      result: 'failed',
      errors: [{ field: '', message: 'the search engine did not take this write; retry it' }],
    };
  }
  return {
    status: HttpStatus.BAD_REQUEST,
    result: 'failed',
    errors: [
      {
        field: '',
        message: `the search engine refused the document (${type}: ${result.error?.reason ?? ''})`,
      },
    ],
  };
}

/** A single write's result as an HTTP answer, or the exception to answer instead. */
function single(result: WriteResult): { status: number; answer: WriteAnswer } {
  const outcome = itemOutcome(result);
  if (outcome.result === 'failed') {
    if (outcome.status === HttpStatus.SERVICE_UNAVAILABLE) {
      throw new DependencyUnavailableException(outcome.errors![0].message);
    }
    throw new InvalidInputException(outcome.errors!);
  }
  return { status: outcome.status, answer: { id: result.id, result: outcome.result } };
}
