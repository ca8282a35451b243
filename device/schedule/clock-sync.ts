import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Clock, Timer } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';

const run = promisify(execFile);

/** Whether the system clock is synchronised now: true, false, or undefined when it cannot tell. */
export type ClockSyncProbe = () => Promise<boolean | undefined>;

/** systemd's NTPSynchronized, as the schedule and doctor's clock check both read it. */
export const timedatectlProbe: ClockSyncProbe = () =>
  run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']).then(
    ({ stdout }) => (stdout.trim() === 'yes' ? true : stdout.trim() === 'no' ? false : undefined),
    () => undefined,
  );

const POLL_MS = 30_000;

/**
 * Has the wall clock been synchronised since boot? A Pi has no RTC: until NTP has set it, the
 * time can be off by days, so the schedule starts nothing. Latched: once synchronised, a later
 * loss of the network does not stop the schedule. A machine that cannot tell (no timedatectl)
 * counts as synchronised, so a development machine runs its schedule.
 */
export class ClockSyncWatch {
  private synced = false;
  private timer: Timer | undefined;

  constructor(private readonly o: { clock: Clock; log: Logger; probe?: ClockSyncProbe }) {}

  start(): void {
    this.poll();
    this.timer = this.o.clock.setInterval(() => this.poll(), POLL_MS);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  isSynced(): boolean {
    return this.synced;
  }

  private poll(): void {
    if (this.synced) {
      this.stop();
      return;
    }
    (this.o.probe ?? timedatectlProbe)().then(
      (synced) => {
        if (synced === false) return;
        this.synced = true;
        this.o.log.info({ known: synced === true }, 'clock synchronised: the schedule runs');
        this.stop();
      },
      () => undefined,
    );
  }
}
