import { execFile } from 'node:child_process';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';

/** How long one `systemd-notify` may take (it waits for the manager to read the message). */
const SEND_TIMEOUT_MS = 5000;

/**
 * systemd's notify protocol (sd_notify(3)): `KEY=VALUE` lines to the datagram socket named by
 * NOTIFY_SOCKET. Node's dgram has no unix datagram sockets, so each message goes through
 * `systemd-notify`, a child of this process: the unit needs `NotifyAccess=all`. Since systemd 246
 * it waits until the manager has read the message (a barrier), so a message is never lost to the
 * child exiting first.
 */
export class SystemdNotifier {
  private inFlight = Promise.resolve();

  private constructor(
    private readonly socket: string,
    private readonly log: Logger,
    private readonly command: string,
  ) {}

  /**
   * The notifier of a process that systemd started as Type=notify; undefined elsewhere. It takes
   * NOTIFY_SOCKET out of the environment so that children (aplay…) cannot speak for the unit.
   */
  static fromEnv(log: Logger, env: NodeJS.ProcessEnv = process.env, command = 'systemd-notify') {
    const socket = env.NOTIFY_SOCKET;
    if (!socket) return undefined;
    delete env.NOTIFY_SOCKET;
    return new SystemdNotifier(socket, log, command);
  }

  /** Sends one message (lines such as `READY=1`, `STATUS=…`); messages go out in order. */
  notify(...lines: string[]): Promise<void> {
    const send = () =>
      new Promise<void>((resolve) => {
        execFile(
          this.command,
          lines,
          { env: { ...process.env, NOTIFY_SOCKET: this.socket }, timeout: SEND_TIMEOUT_MS },
          (err) => {
            if (err) this.log.warn({ err: errorMessage(err), lines }, 'systemd-notify failed');
            resolve();
          },
        );
      });
    this.inFlight = this.inFlight.then(send);
    return this.inFlight;
  }
}
