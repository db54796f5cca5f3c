export {
  SIGNAL_EVENT_TYPES,
  TARGET_KINDS,
  SCENARIOS,
  POSITIVE_EVENT_TYPES,
  NEGATIVE_EVENT_TYPES,
  SEEN_EVENT_TYPES,
  SignalEvent,
  SignalEventType,
  SignalEventContext,
  TargetKind,
  TargetRef,
  Scenario,
  isSignalEventType,
  isTargetKind,
  assertSignalEvent,
} from './event';
export { SignalKeys, utcDay } from './keys';
export {
  SIGNAL_STORE_LIMITS,
  DEFAULT_AFFINITY_WEIGHTS,
  SignalStoreLimit,
  SignalStoreOptions,
  ResolvedSignalStoreOptions,
  resolveSignalStoreOptions,
} from './options';
export { decayedAffinity } from './affinity';
export { MemberSignals, TargetInteraction, SeenTarget, CategoryAffinity, LikedBy } from './member-signals';
export {
  SignalStore,
  RecordResult,
  Exposure,
  StreamedEvent,
  ReadEventsOptions,
  READ_EVENTS_DEFAULT_LIMIT,
  READ_EVENTS_MAX_LIMIT,
} from './signal-store';
export {
  ExposureRecord,
  ExposureExperiment,
  ExposedItem,
  StreamedExposure,
  canonicalExposure,
} from './exposure-record';
export { RedisSignalStore } from './redis-signal.store';
export { InMemorySignalStore } from './in-memory-signal.store';
