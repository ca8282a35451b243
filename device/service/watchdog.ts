import type { Clock, Timer } from '../../shared/clock.js';

/** What the watchdog needs of the notifier. */
export interface WatchdogNotifier {
  notify(...lines: string[]): Promise<void>;
}

/**
 * The interval systemd expects pings at, from WATCHDOG_USEC (and WATCHDOG_PID, when set, must be
 * this process): undefined when the unit has no WatchdogSec. sd_watchdog_enabled(3).
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv = process.env, pid = process.pid) {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return usec / 1000;
}

/**
 * Pings `WATCHDOG=1` from a timer on the event loop at half the watchdog interval (what
 * sd_watchdog_enabled(3) recommends): a blocked loop sends nothing, so systemd kills and restarts
 * the process, and a hung unit never leaves music playing with no way to stop it.
 */
export class Watchdog {
  private timer: Timer | undefined;
  private pinging = false;

  constructor(
    private readonly notifier: WatchdogNotifier,
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.stop();
    this.timer = this.clock.setInterval(() => {
      // A slow manager must not pile up pings: the next tick tries again.
      if (this.pinging) return;
      this.pinging = true;
      void this.notifier.notify('WATCHDOG=1').finally(() => {
        this.pinging = false;
      });
    }, this.intervalMs / 2);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
