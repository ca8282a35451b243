import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';

/**
 * Keeps a long-running command alive until SIGINT/SIGTERM, then stops it cleanly. A second
 * signal exits at once. Unhandled rejections are logged, never fatal (a bedside unit keeps going).
 */
export function runUntilSignal(stop: () => Promise<void>, log: Logger): Promise<void> {
  process.on('unhandledRejection', (reason) =>
    log.error({ err: errorMessage(reason) }, 'unhandled rejection'),
  );
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, 'shutting down');
      stop().then(
        () => resolve(),
        (err: unknown) => {
          log.error({ err: errorMessage(err) }, 'shutdown failed');
          resolve();
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
