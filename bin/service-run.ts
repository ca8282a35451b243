import { SystemdService } from '../device/service/systemd-service.js';
import type { Logger } from '../shared/log.js';
import { runUntilSignal } from './lifecycle.js';

/**
 * Starts a long-running service and runs it until SIGINT/SIGTERM, speaking systemd's notify
 * protocol when systemd runs it: watchdog pings from the first moment (systemd counts from the
 * start of the process), READY=1 once `start` has resolved, STOPPING=1 on the signal. Outside
 * systemd it is runUntilSignal.
 */
export async function runAsService(
  log: Logger,
  status: string,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  const service = SystemdService.fromEnv(log);
  service.start();
  let running: { stop(): Promise<void> };
  try {
    running = await start();
  } catch (err) {
    service.stop(); // the ping timer must not keep a failed start alive
    throw err;
  }
  await service.ready(status);
  await runUntilSignal(async () => {
    await service.stopping();
    try {
      await running.stop();
    } finally {
      service.stop();
    }
  }, log);
}
