import type { SignalEventType } from '@app/signals';
import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** `recorded`: applied now; `duplicate`: its id was recorded before; `refused`: its batch was answered 503. */
export type IngestionResult = 'recorded' | 'duplicate' | 'refused';

interface IngestedEvent {
  readonly id: string;
  readonly type: SignalEventType;
}

/** Interaction events taken in by `POST /v1/events`, by event type and what became of them. */
@Injectable()
export class EventMetrics {
  private readonly ingested: Counter<'type' | 'result'>;

  constructor(registry: Registry) {
    this.ingested = new Counter({
      name: 'events_ingested_total',
      help: 'Interaction events received in valid batches, by type and result (recorded, duplicate, refused: answered 503, to be retried)',
      labelNames: ['type', 'result'],
      registers: [registry],
    });
  }

  /** A batch the store took: each event is a duplicate when its id is among `duplicates`, else recorded. */
  recorded(events: readonly IngestedEvent[], duplicates: readonly string[]): void {
    // A multiset: an id sent twice in one batch is recorded once and a duplicate once.
    const pending = new Map<string, number>();
    for (const id of duplicates) pending.set(id, (pending.get(id) ?? 0) + 1);
    for (const event of events) {
      const left = pending.get(event.id) ?? 0;
      if (left > 0) pending.set(event.id, left - 1);
      this.ingested.inc({ type: event.type, result: left > 0 ? 'duplicate' : 'recorded' });
    }
  }

  /** A batch refused as a whole (the store or the engine could not take it). */
  refused(events: readonly IngestedEvent[]): void {
    for (const event of events) this.ingested.inc({ type: event.type, result: 'refused' });
  }
}
