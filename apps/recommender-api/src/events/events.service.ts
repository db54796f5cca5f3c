import { MemberEdge } from '@app/catalog';
import { CatalogRepository } from '@app/search';
import { SignalEvent, SignalStore } from '@app/signals';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DependencyUnavailableException } from '../common/api-error';
import { EventMetrics } from '../observability/events.metrics';
import { CatalogWriteEffects } from '../resilience/catalog-write-effects';
import { SIGNAL_STORE } from '../signals/signal-store.token';
import { EventsAnswer, InteractionEventDto } from './interaction-event.dto';

/**
 * Records interaction events in the signal store, synchronously: when the answer comes, the next recommendation
 * request reads them (read-your-writes). Before that:
 * - each event gets its target's categories (places) or industries (members) from the catalog, one `_mget` per kind,
 *   so affinities learn from it; if the engine cannot answer, events are recorded without them (logged);
 * - a `block` of a member is also stored as a durable block in the engine (as `PUT /v1/members/{id}/blocks/{other}`):
 *   blocks must survive the loss of Redis.
 * A store that cannot be reached is a 503: nothing is dropped silently, and the client's retry is safe (ids).
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger('Events');

  constructor(
    @Inject(SIGNAL_STORE) private readonly store: SignalStore,
    private readonly catalog: CatalogRepository,
    private readonly metrics: EventMetrics,
    /** Tells the feeds' fallback about stored blocks (absent in unit tests). */
    @Optional() private readonly writes?: CatalogWriteEffects,
  ) {}

  async record(events: InteractionEventDto[]): Promise<EventsAnswer> {
    let answer: EventsAnswer;
    try {
      answer = await this.recordBatch(events);
    } catch (error) {
      this.metrics.refused(events);
      throw error;
    }
    this.metrics.recorded(events, answer.duplicates);
    return answer;
  }

  private async recordBatch(events: InteractionEventDto[]): Promise<EventsAnswer> {
    const signals = events.map(toSignalEvent);
    await this.addCategories(signals);
    await this.storeBlocks(events);
    try {
      return await this.store.record(signals);
    } catch (error) {
      this.logger.warn(`recording ${signals.length} events failed: ${(error as Error).message}`);
      throw new DependencyUnavailableException(
        'the signal store is unavailable; retry the batch (event ids make it safe)',
      );
    }
  }

  private async addCategories(events: SignalEvent[]): Promise<void> {
    const placeIds = events.filter((e) => e.target.kind === 'place').map((e) => e.target.id);
    const memberIds = events.filter((e) => e.target.kind === 'member').map((e) => e.target.id);
    let places: Map<string, string[]>;
    let members: Map<string, string[]>;
    try {
      [places, members] = await Promise.all([
        this.catalog.placeCategories(placeIds),
        this.catalog.memberIndustries(memberIds),
      ]);
    } catch (error) {
      this.logger.warn(`events recorded without target categories: ${(error as Error).message}`);
      return;
    }
    for (const event of events) {
      const categories = (event.target.kind === 'place' ? places : members).get(event.target.id);
      if (categories && categories.length > 0) event.targetCategories = categories;
    }
  }

  private async storeBlocks(events: InteractionEventDto[]): Promise<void> {
    const blocks: MemberEdge[] = events
      .filter((e) => e.type === 'block' && e.target.kind === 'member')
      .map((e) => ({ kind: 'block', a: e.memberId, b: e.target.id, createdAt: e.at }));
    if (blocks.length === 0) return;
    let failed: string | undefined;
    try {
      const results = await this.catalog.putEdges(blocks, 'immediate', true);
      const refused = results.find((r) => r.result === 'failed');
      if (refused) failed = refused.error?.reason ?? `status ${refused.status}`;
    } catch (error) {
      failed = (error as Error).message;
    }
    if (failed !== undefined) {
      this.logger.warn(`storing blocks failed: ${failed}`);
      throw new DependencyUnavailableException('the block could not be stored durably; retry the batch');
    }
    for (const block of blocks) this.writes?.blocked(block.a, block.b);
  }
}

function toSignalEvent(event: InteractionEventDto): SignalEvent {
  const signal: SignalEvent = {
    id: event.id,
    type: event.type,
    memberId: event.memberId,
    target: { kind: event.target.kind, id: event.target.id },
    at: Date.parse(event.at),
  };
  if (event.context) {
    signal.context = {
      ...(event.context.scenario !== undefined && { scenario: event.context.scenario }),
      ...(event.context.requestId !== undefined && { requestId: event.context.requestId }),
      ...(event.context.position !== undefined && { position: event.context.position }),
    };
  }
  return signal;
}
