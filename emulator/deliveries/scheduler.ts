/**
 * Runs scheduled plans and evaluates alerts on their crons while the emulator
 * runs, against the business clock: every tick looks at what fell due since
 * the previous tick (a clock moved forward catches up, at most a week back).
 */
import { DAY_MS } from '../core/clock';
import type { EmulatorCore } from '../core/context';
import { evaluateAlert } from './evaluate-alert';
import { nextCronRun } from './cron-schedule';
import { runPlan } from './run-plan';

const TICK_MS = 500;
const MAX_CATCH_UP_MS = 7 * DAY_MS;
const MAX_RUNS_PER_TICK = 100;

export class DeliveryScheduler {
  private last: number;
  /** Next firing per job, keyed by what it depends on, so a changed crontab is recomputed. */
  private readonly next = new Map<string, number | null>();

  constructor(private readonly core: EmulatorCore) {
    this.last = core.clock.now().getTime();
  }

  /** Runs whatever fell due since the last tick. */
  tick(): void {
    const now = this.core.clock.now().getTime();
    if (now <= this.last) {
      this.last = Math.min(this.last, now);
      return;
    }
    const from = Math.max(this.last, now - MAX_CATCH_UP_MS);
    this.last = now;
    const { state } = this.core;
    for (const plan of Object.values(state.scheduled_plans)) {
      if (!plan.enabled || plan.run_once || !plan.crontab) continue;
      this.due(`plan:${plan.id}:${plan.crontab}:${plan.timezone}`, plan.crontab, plan.timezone ?? 'UTC', from, now, () => runPlan(this.core, plan));
    }
    for (const alert of Object.values(state.alerts)) {
      if (alert.is_disabled || !alert.cron) continue;
      this.due(`alert:${alert.id}:${alert.cron}`, alert.cron, 'UTC', from, now, () => evaluateAlert(this.core, alert));
    }
  }

  private due(key: string, cron: string, timeZone: string, from: number, now: number, run: () => void): void {
    let at = this.next.has(key) ? this.next.get(key)! : nextCronRun(cron, from, timeZone);
    if (at !== null && at <= from) at = nextCronRun(cron, from, timeZone);
    for (let runs = 0; at !== null && at <= now && runs < MAX_RUNS_PER_TICK; runs++) {
      run();
      at = nextCronRun(cron, at, timeZone);
    }
    this.next.set(key, at);
  }
}

/** Ticks in the background until stopped; the timer never keeps the process alive. */
export function startDeliveryScheduler(core: EmulatorCore): { scheduler: DeliveryScheduler; stop: () => void } {
  const scheduler = new DeliveryScheduler(core);
  const timer = setInterval(() => {
    try {
      scheduler.tick();
    } catch {
      // A broken plan must not stop the scheduler; its run simply does not happen.
    }
  }, TICK_MS);
  timer.unref();
  return { scheduler, stop: () => clearInterval(timer) };
}
