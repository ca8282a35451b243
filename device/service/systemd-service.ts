import { type Clock, RealClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { SystemdNotifier } from './sd-notify.js';
import { Watchdog, watchdogIntervalMs } from './watchdog.js';

/**
 * A long-running process's side of its systemd unit: READY=1 once it is ready, watchdog pings
 * from then on, STOPPING=1 when it begins to stop. Does nothing outside systemd (no NOTIFY_SOCKET).
 */
export class SystemdService {
  private watchdog: Watchdog | undefined;

  private constructor(
    private readonly notifier: SystemdNotifier | undefined,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The watchdog runs on real time even when a simulated unit's clock is sped up. */
  static fromEnv(log: Logger, env: NodeJS.ProcessEnv = process.env, clock: Clock = new RealClock()) {
    return new SystemdService(SystemdNotifier.fromEnv(log, env), log, clock, env);
  }

  /** Tells systemd the service is up (ports open, outbox ready) and starts the watchdog. */
  async ready(status: string): Promise<void> {
    if (!this.notifier) return;
    const interval = watchdogIntervalMs(this.env);
    await this.notifier.notify('READY=1', `STATUS=${status}`);
    if (interval !== undefined) {
      this.watchdog = new Watchdog(this.notifier, interval, this.clock);
      this.watchdog.start();
      this.log.info({ watchdog_ms: interval }, 'systemd watchdog on');
    }
  }

  /** Stopping: TimeoutStopSec now bounds the stop; pings go on, so a hang while stopping is seen too. */
  async stopping(status = 'stopping'): Promise<void> {
    await this.notifier?.notify('STOPPING=1', `STATUS=${status}`);
  }

  /** Stopped: the ping timer must not keep the process alive. */
  close(): void {
    this.watchdog?.stop();
    this.watchdog = undefined;
  }
}
