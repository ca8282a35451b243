import type { SystemdService } from '../device/service/systemd-service.js';
import type { Logger } from '../shared/log.js';
import { runUntilSignal } from './lifecycle.js';

/**
 * Runs a started service until SIGINT/SIGTERM: tells systemd it is ready (and starts the watchdog
 * pings), then on the signal that it is stopping, and stops it. Outside systemd it is
 * runUntilSignal.
 */
export async function runAsService(
  service: SystemdService,
  stop: () => Promise<void>,
  log: Logger,
  status: string,
): Promise<void> {
  await service.ready(status);
  await runUntilSignal(async () => {
    await service.stopping();
    try {
      await stop();
    } finally {
      service.close();
    }
  }, log);
}
