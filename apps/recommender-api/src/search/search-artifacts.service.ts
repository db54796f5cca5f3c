import {
  InstallCheck,
  InstallReport,
  loadSearchArtifacts,
  SearchArtifactsInstaller,
  SearchEngineError,
  SearchNames,
} from '@app/search';
import { Client } from '@opensearch-project/opensearch';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';

export type ArtifactsState = 'not_installed' | 'installing' | 'installed' | 'failed';

export interface ArtifactsStatus {
  installed: boolean;
  state: ArtifactsState;
  /** why the last attempt failed */
  error?: string;
  installedAt?: string;
  notes?: string[];
}

const BOOT_RETRY_MIN_MS = 1_000;
const BOOT_RETRY_MAX_MS = 30_000;

/**
 * The search artifacts of this service: installs them (one install at a time; artifacts are read from disk at each
 * install, so a changed template is picked up), remembers whether they are installed for readiness, and at boot keeps
 * trying in the background until the engine takes them.
 */
@Injectable()
export class SearchArtifactsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SearchArtifacts');
  private state: ArtifactsState = 'not_installed';
  private lastError: string | undefined;
  private report: InstallReport | undefined;
  private installedAt: Date | undefined;
  private running: Promise<InstallReport> | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly names: SearchNames,
    private readonly config: ApiConfig,
  ) {}

  get status(): ArtifactsStatus {
    return {
      installed: this.state === 'installed',
      state: this.state,
      ...(this.lastError !== undefined && { error: this.lastError }),
      ...(this.installedAt && { installedAt: this.installedAt.toISOString() }),
      ...(this.report && this.report.notes.length > 0 && { notes: this.report.notes }),
    };
  }

  /** With INSTALL_ON_BOOT, the install starts as the service starts; readiness stays down until it succeeds. */
  onApplicationBootstrap(): void {
    if (this.config.installOnBoot) this.installInBackground();
  }

  /** Installs now, or joins the install already running. */
  install(): Promise<InstallReport> {
    this.running ??= this.installOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Read-only comparison of what is installed with what would be. */
  async check(): Promise<InstallCheck> {
    return (await this.installer()).check();
  }

  /** Installs in the background, retrying with growing pauses until it succeeds or the service stops. */
  installInBackground(): void {
    let delay = BOOT_RETRY_MIN_MS;
    const attempt = () => {
      if (this.stopped) return;
      this.install().then(
        () => undefined,
        () => {
          if (this.stopped) return;
          this.logger.warn(`search artifacts not installed; next attempt in ${delay} ms`);
          this.retryTimer = setTimeout(attempt, delay);
          delay = Math.min(BOOT_RETRY_MAX_MS, delay * 2);
        },
      );
    };
    attempt();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async installOnce(): Promise<InstallReport> {
    if (this.state !== 'installed') this.state = 'installing';
    try {
      const report = await (await this.installer()).install();
      this.state = 'installed';
      this.lastError = undefined;
      this.report = report;
      this.installedAt = new Date();
      for (const note of report.notes) this.logger.warn(note);
      return report;
    } catch (error) {
      this.state = 'failed';
      this.lastError = error instanceof Error ? error.message : String(error);
      const transient = error instanceof SearchEngineError && error.transient;
      this.logger.error(
        `installing the search artifacts failed${transient ? ' (engine unreachable)' : ''}: ${this.lastError}`,
      );
      throw error;
    }
  }

  private async installer(): Promise<SearchArtifactsInstaller> {
    const artifacts = await loadSearchArtifacts(
      { templatesDir: this.config.indexTemplatesDir, painlessDir: this.config.painlessDir },
      this.names,
    );
    return new SearchArtifactsInstaller(this.client, artifacts, {
      names: this.names,
      log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
    });
  }
}
