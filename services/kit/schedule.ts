import type { Database } from './db';
import type { Logger } from './logger';

/**
 * Periodic work a subgraph runs in every replica, e.g. a sweep over overdue rows. Every replica runs it, so the work
 * itself must be idempotent and safe to run concurrently (one conditional UPDATE per sweep, say); the schedule only
 * says how often.
 */
export interface ScheduledJob<Settings> {
  /** Names the job in logs, e.g. "escalate-overdue". */
  name: string;
  /** How long to wait between the end of one run and the start of the next. */
  everyMs(settings: Settings): number;
  run(db: Database, settings: Settings): Promise<unknown>;
}

export interface RunningJob {
  /** Runs so far, failed ones included. */
  runs(): number;
  /** Stops the schedule; a run in progress finishes first. */
  stop(): Promise<void>;
}

/** Runs `run` every `everyMs` (first after one interval), one run at a time; a failed run is logged and retried next time. */
export function startSchedule(options: { name: string; everyMs: number; run: () => Promise<unknown>; log: Logger }): RunningJob {
  let stopped = false;
  let runs = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = (async () => {
      try {
        await options.run();
      } catch (error) {
        options.log.error({ err: error, job: options.name }, 'scheduled job failed; it runs again at the next interval');
      } finally {
        runs++;
      }
      if (!stopped) timer = setTimeout(tick, options.everyMs).unref();
    })();
  };
  // Unreferenced: a schedule alone never keeps a process (or a test run) alive.
  timer = setTimeout(tick, options.everyMs).unref();
  return {
    runs: () => runs,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
