import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Domain } from '@continuity/contracts';
import { labRuleSet } from '@continuity/lab';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import type { RuleSet } from '@continuity/rules';
import { schedulingRuleSet } from '@continuity/scheduling';
import { Metrics } from '@continuity/service-kit';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DOMAINS, type ResolvedApiOptions } from '../config/api-options';
import { API_DATA_SOURCE, API_OPTIONS, HISTORY_DATA_SOURCE } from '../config/tokens';
import { ReconcilerHistory } from '../history/reconciler-history';
import { ReplayJobs, type ReplayJob } from './replay-jobs.repository';
import { runReplay, type ReplaySources } from './replay-run';

/** How often an idle worker looks for a job another instance queued. */
const POLL_MS = 1000;

/** Thrown from the progress callback when the app is stopping: the job goes back to the queue. */
class ReplayInterrupted extends Error {}

/**
 * Runs queued replays in the background, one at a time per instance. Jobs live in
 * `api.replay_jobs`, claimed with SKIP LOCKED, so several API instances share the work and a
 * job whose instance died is picked up again (see ORPHANED_AFTER).
 */
@Injectable()
export class ReplayWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplayWorker.name);
  private readonly jobs = new ReplayJobs();
  private readonly sources: ReplaySources;
  private readonly finished: Counter<'status'>;
  private readonly replayedEvents: Counter;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(HISTORY_DATA_SOURCE) history: DataSource,
    @Inject(API_OPTIONS) options: ResolvedApiOptions,
    metrics: Metrics,
  ) {
    this.sources = {
      history,
      stores: new Map(DOMAINS.map((d) => [d, new ReconcilerHistory(d, options.reconcilerSchemas[d])])),
      ruleSets: new Map<Domain, RuleSet<unknown>>([
        ['prescriptions', prescriptionsRuleSet() as RuleSet<unknown>],
        ['lab', labRuleSet() as RuleSet<unknown>],
        ['scheduling', schedulingRuleSet() as RuleSet<unknown>],
      ]),
      downtimeTopic: options.topics.downtime,
    };
    this.finished = metrics.counter({ name: 'continuity_api_replays_total', help: 'Replays finished, by status', labelNames: ['status'] });
    this.replayedEvents = metrics.counter({ name: 'continuity_api_replayed_events_total', help: 'Log entries folded by replays' });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** A job was queued: look now rather than at the next poll. */
  notify(): void {
    this.wake?.();
  }

  /** Rule set versions a replay would run now, by domain. */
  ruleSetVersions(): Record<Domain, string> {
    return Object.fromEntries([...this.sources.ruleSets].map(([d, r]) => [d, r.version])) as Record<Domain, string>;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let job: ReplayJob | null = null;
      try {
        job = await this.jobs.claim(this.dataSource.manager);
        if (job) await this.execute(job);
      } catch (error) {
        this.logger.error({ msg: 'replay worker failed to claim a job', err: error });
      }
      if (!job && this.running) await this.sleep(POLL_MS);
    }
  }

  private async execute(job: ReplayJob): Promise<void> {
    this.logger.log({ msg: 'replay started', replayId: job.id, domains: job.domains });
    let last = { partitionsDone: 0, partitionsTotal: 0, events: 0 };
    try {
      const outcome = await runReplay(this.sources, { from: new Date(job.from), to: new Date(job.to), domains: job.domains }, async (progress) => {
        this.replayedEvents.inc(progress.events - last.events);
        last = progress;
        // Stopping: give the job back rather than hold the shutdown for the rest of a long replay.
        if (!this.running) throw new ReplayInterrupted();
        await this.jobs.progress(this.dataSource.manager, job.id, progress);
      });
      await this.jobs.finish(this.dataSource.manager, job.id, last, outcome);
      this.finished.inc({ status: 'done' });
      this.logger.log({ msg: 'replay done', replayId: job.id, events: last.events, decisions: outcome.tasks.length, differences: outcome.differences.length });
    } catch (error) {
      if (error instanceof ReplayInterrupted) {
        await this.jobs.requeue(this.dataSource.manager, job.id);
        this.logger.log({ msg: 'replay interrupted by shutdown, queued again', replayId: job.id });
        return;
      }
      await this.jobs.fail(this.dataSource.manager, job.id, 'the replay could not complete; see the service logs');
      this.finished.inc({ status: 'failed' });
      this.logger.error({ msg: 'replay failed', replayId: job.id, err: error });
    }
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
  }
}
