import { type Clock, RealClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { SystemdNotifier } from './sd-notify.js';
import { Watchdog, watchdogIntervalMs } from './watchdog.js';

/**
 * A long-running process's side of its systemd unit: watchdog pings from start() on (systemd
 * counts the watchdog from the moment it starts the process, not from READY=1), READY=1 once the
 * process is ready, STOPPING=1 when it begins to stop. Does nothing outside systemd.
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

  /** Starts the watchdog pings (when the unit has WatchdogSec=). */
  start(): void {
    const interval = watchdogIntervalMs(this.env);
    if (!this.notifier || interval === undefined || this.watchdog) return;
    this.watchdog = new Watchdog(this.notifier, interval, this.clock);
    this.watchdog.start();
    this.log.info({ watchdog_ms: interval }, 'systemd watchdog on');
  }

  /** Tells systemd the service is up: ports open, outbox ready. */
  async ready(status: string): Promise<void> {
    await this.notifier?.notify('READY=1', `STATUS=${status}`);
  }

  /** Stopping: TimeoutStopSec now bounds the stop; pings go on, so a hang while stopping is seen too. */
  async stopping(status = 'stopping'): Promise<void> {
    await this.notifier?.notify('STOPPING=1', `STATUS=${status}`);
  }

  /** Stopped: the ping timer must not keep the process alive. */
  stop(): void {
    this.watchdog?.stop();
    this.watchdog = undefined;
  }
}
