export {
  ENGINE_THREADS,
  EngineThread,
  SEARCH_ENGINE_KINDS,
  SearchClientHandle,
  SearchClientOptions,
  SearchEngineKind,
  openSearchClient,
  pingSearchEngine,
} from './search-client.factory';
export { lockDataDir } from './data-dir.lock';
export { windowStartHour } from './time-window';
export {
  CATALOG_INDEX_KINDS,
  CATALOG_INDEX_SORT_KEYS,
  CatalogIndexKind,
  SearchNames,
  isCatalogIndexKind,
} from './search-names';
export {
  ArtifactError,
  ArtifactLocations,
  ScriptArtifact,
  SearchArtifacts,
  TemplateArtifact,
  canonicalJson,
  loadSearchArtifacts,
  templateChecksum,
} from './search-artifacts';
export {
  ArtifactAction,
  IndexInstallResult,
  InstallCheck,
  InstallReport,
  MappingState,
  STORED_SCRIPT_CONTEXT,
  ScriptInstallResult,
  SearchArtifactsInstaller,
  SearchArtifactsInstallerOptions,
  TemplateInstallResult,
} from './search-artifacts.installer';
export {
  CatalogReindexer,
  CatalogReindexerOptions,
  ReindexOptions,
  ReindexPhase,
  ReindexProgress,
  ReindexReport,
} from './catalog-index.reindexer';
export {
  CatalogRepository,
  CatalogRepositoryOptions,
  MemberCounters,
  MemberEdgeKey,
  RefreshPolicy,
  WriteOutcome,
  WriteResult,
} from './catalog.repository';
export { BackoffPolicy, DEFAULT_BACKOFF, backoffDelay, withBackoff } from './backoff';
export {
  EngineFailure,
  SearchEngineError,
  describeEngineFailure,
  isEngineUnreachable,
  isTransientEngineError,
} from './engine-errors';
export { SearchLog, SILENT_LOG } from './search-log';
export * from './place-search';
export * from './place-embedding-cache';
export * from './member-search';
export { EngineFault, EngineFaults } from './engine-faults';
