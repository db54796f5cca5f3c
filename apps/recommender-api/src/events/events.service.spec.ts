import { Logger } from '@nestjs/common';
import { CatalogRepository } from '@app/search';
import { InMemorySignalStore, SignalStore } from '@app/signals';
import { SearchEngineError } from '@app/search';
import { Registry } from 'prom-client';
import { DependencyUnavailableException } from '../common/api-error';
import { EventMetrics } from '../observability/events.metrics';
import { sampleValue } from '../observability/metrics.spec-helpers';
import { EventsService } from './events.service';
import { InteractionEventDto } from './interaction-event.dto';

function event(overrides: Partial<InteractionEventDto> = {}): InteractionEventDto {
  return {
    id: 'e1',
    type: 'like',
    memberId: 'ana',
    target: { kind: 'place', id: 'p1' },
    at: '2025-06-01T10:00:00Z',
    ...overrides,
  } as InteractionEventDto;
}

describe('EventsService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let store: InMemorySignalStore;
  let catalog: jest.Mocked<Pick<CatalogRepository, 'placeCategories' | 'memberIndustries' | 'putEdges'>>;
  let service: EventsService;
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
    store = new InMemorySignalStore({ clock: () => Date.parse('2025-06-01T12:00:00Z') });
    catalog = {
      placeCategories: jest.fn().mockResolvedValue(new Map([['p1', ['cafe']]])),
      memberIndustries: jest.fn().mockResolvedValue(new Map([['bob', ['film']]])),
      putEdges: jest.fn().mockResolvedValue([{ id: 'block:ana:bob', result: 'created', status: 201 }]),
    };
    service = new EventsService(store, catalog as unknown as CatalogRepository, new EventMetrics(registry));
  });

  it('records events with their time in milliseconds and the target categories from the catalog', async () => {
    const spy = jest.spyOn(store, 'record');
    expect(
      await service.record([event(), event({ id: 'e2', target: { kind: 'member', id: 'bob' } })]),
    ).toEqual({
      recorded: 2,
      duplicates: [],
    });
    expect(spy.mock.calls[0][0]).toEqual([
      {
        id: 'e1',
        type: 'like',
        memberId: 'ana',
        target: { kind: 'place', id: 'p1' },
        at: Date.parse('2025-06-01T10:00:00Z'),
        targetCategories: ['cafe'],
      },
      {
        id: 'e2',
        type: 'like',
        memberId: 'ana',
        target: { kind: 'member', id: 'bob' },
        at: Date.parse('2025-06-01T10:00:00Z'),
        targetCategories: ['film'],
      },
    ]);
    expect(catalog.placeCategories).toHaveBeenCalledWith(['p1']);
    const signals = await store.readMember('ana');
    expect(signals.affinities.map((a) => a.category).sort()).toEqual(['cafe', 'film']);
  });

  it('records without categories when the engine cannot answer (logged, not refused)', async () => {
    catalog.placeCategories.mockRejectedValue(new Error('engine down'));
    const spy = jest.spyOn(store, 'record');
    expect(await service.record([event()])).toEqual({ recorded: 1, duplicates: [] });
    expect(spy.mock.calls[0][0][0].targetCategories).toBeUndefined();
  });

  it('stores a block of a member durably before recording it', async () => {
    await service.record([event({ type: 'block', target: { kind: 'member', id: 'bob' } })]);
    expect(catalog.putEdges).toHaveBeenCalledWith(
      [{ kind: 'block', a: 'ana', b: 'bob', createdAt: '2025-06-01T10:00:00Z' }],
      'immediate',
      true,
    );
  });

  it('refuses the batch (503) when a block cannot be stored, recording nothing', async () => {
    catalog.putEdges.mockRejectedValue(new SearchEngineError('writing 1 member_edges', new Error('down')));
    const spy = jest.spyOn(store, 'record');
    await expect(
      service.record([event({ type: 'block', target: { kind: 'member', id: 'bob' } })]),
    ).rejects.toBeInstanceOf(DependencyUnavailableException);
    expect(spy).not.toHaveBeenCalled();
  });

  it('answers 503 when the store fails, so that the client retries', async () => {
    const failing = {
      record: jest.fn().mockRejectedValue(new Error('Connection is closed.')),
    } as unknown as SignalStore;
    service = new EventsService(
      failing,
      catalog as unknown as CatalogRepository,
      new EventMetrics(new Registry()),
    );
    await expect(service.record([event()])).rejects.toBeInstanceOf(DependencyUnavailableException);
  });

  it('counts events by type and result: recorded, duplicate, refused', async () => {
    const ingested = (type: string, result: string) =>
      sampleValue(registry, 'events_ingested_total', { type, result });
    await service.record([event(), event({ id: 'e2' }), event({ id: 'e3', type: 'save' })]);
    // e1 again (and twice in one batch): counted once as a duplicate from before, once as one from this batch.
    await service.record([event(), event({ id: 'e4', type: 'pass' }), event({ id: 'e4', type: 'pass' })]);
    expect(await ingested('like', 'recorded')).toBe(2);
    expect(await ingested('like', 'duplicate')).toBe(1);
    expect(await ingested('save', 'recorded')).toBe(1);
    expect(await ingested('pass', 'recorded')).toBe(1);
    expect(await ingested('pass', 'duplicate')).toBe(1);

    catalog.putEdges.mockRejectedValue(new SearchEngineError('writing 1 member_edges', new Error('down')));
    await service
      .record([
        event({ id: 'e5', type: 'block', target: { kind: 'member', id: 'bob' } }),
        event({ id: 'e6' }),
      ])
      .catch(() => undefined);
    expect(await ingested('block', 'refused')).toBe(1);
    expect(await ingested('like', 'refused')).toBe(1);
    expect(await ingested('block', 'recorded')).toBe(0);
  });
});
