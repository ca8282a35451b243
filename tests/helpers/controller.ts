import { join } from 'node:path';
import {
  type BrokerChoice,
  type ControllerOptions,
  type RunningController,
  startController,
} from '../../controller/main.js';
import { silentLogger } from '../../shared/log.js';

/** The embedded broker on a free port, with or without anonymous read access. */
export function embeddedBroker(anonymousRead = false): BrokerChoice {
  return { kind: 'embedded', host: '127.0.0.1', port: 0, fallbackToFreePort: false, anonymousRead };
}

/** A controller for a test: SQLite in `dir`, HTTP and broker on free ports, silent logs. */
export function startTestController(
  dir: string,
  broker: BrokerChoice = embeddedBroker(),
  options: Partial<ControllerOptions> = {},
): Promise<RunningController> {
  return startController({
    broker,
    db: `sqlite:${join(dir, 'controller.db')}`,
    http: { host: '127.0.0.1', port: 0 },
    log: silentLogger(),
    ...options,
  });
}

/** GETs a JSON document from the controller's API, failing on an HTTP error. */
export async function getJson<T>(controller: RunningController, path: string): Promise<T> {
  const res = await fetch(`${controller.httpUrl}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
