import { CatalogRepository, MemberCounters } from '@app/search';
import { SignalStore } from '@app/signals';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { EngineCircuit } from '../resilience/engine-circuit';
import { SIGNAL_STORE } from '../signals/signal-store.token';

/** Members read, and their counters compared, per engine page. */
const PAGE_SIZE = 1_000;
/** The window of the counters (MemberStats: `impressions7d`, `likesReceived7d`). */
const DAYS = 7;

/**
 * Keeps the members' 7-day counters in the engine true to what this service recorded: the impressions it served and
 * the likes it was told of live in Redis (per member and day), while `members-mutual-score-v1` (popularity damping)
 * and the new-members source (few impressions) read `stats.impressions7d` and `stats.likesReceived7d` in the engine.
 * Every MEMBER_STATS_REFRESH_MS, one pass over every member, a page of 1,000 at a time: their counters summed from
 * Redis over the last 7 days, compared with the engine's, and only the changed ones written (partial updates).
 * This service is the source of these two counters: values written through the catalog give way at the next pass.
 * Skipped while the engine's circuit is open; a failed pass keeps what was written and tries again next time. Several
 * instances each run it: the passes are idempotent.
 */
@Injectable()
export class MemberStatsRefresher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MemberStats');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RefreshSummary> | undefined;

  constructor(
    private readonly catalog: CatalogRepository,
    @Inject(SIGNAL_STORE) private readonly signals: SignalStore,
    private readonly config: ApiConfig,
    private readonly circuit: EngineCircuit,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.memberStatsRefreshMs <= 0) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`recomputing member stats failed: ${(error as Error).message}`),
      );
    }, this.config.memberStatsRefreshMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over every member (a pass still running is joined, not doubled). */
  refresh(now: number = Date.now()): Promise<RefreshSummary> {
    return (this.running ??= this.pass(now).finally(() => (this.running = undefined)));
  }

  private async pass(now: number): Promise<RefreshSummary> {
    const summary: RefreshSummary = { members: 0, updated: 0 };
    let after: string | undefined;
    for (;;) {
      if (this.circuit.state !== 'closed') break;
      const page = await this.catalog.memberCountersPage(after, PAGE_SIZE);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      summary.members += page.length;
      const exposure = await this.signals.exposure(
        'member',
        page.map((m) => m.id),
        DAYS,
        now,
      );
      const changed: MemberCounters[] = [];
      for (const stored of page) {
        const counted = exposure.get(stored.id) ?? { impressions: 0, likes: 0 };
        if (counted.impressions !== stored.impressions7d || counted.likes !== stored.likesReceived7d) {
          changed.push({ id: stored.id, impressions7d: counted.impressions, likesReceived7d: counted.likes });
        }
      }
      if (changed.length > 0) {
        const results = await this.catalog.updateMemberCounters(changed, 'none');
        summary.updated += results.filter((r) => r.result !== 'failed').length;
      }
      if (page.length < PAGE_SIZE) break;
    }
    if (summary.updated > 0) {
      await this.catalog.refresh(['members']);
      this.logger.log(`member stats: ${summary.updated} of ${summary.members} members updated`);
    }
    return summary;
  }
}

export interface RefreshSummary {
  /** Members read. */
  members: number;
  /** Members whose counters changed and were written. */
  updated: number;
}
