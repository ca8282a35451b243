import type { NocturneError } from '../../shared/errors.js';
import { Listeners } from '../../shared/listeners.js';
import type { PortStatus } from './port.js';

/**
 * A port's fault bookkeeping: listeners hear a fault once per outage, status() shows the current
 * one until the device works again. Shared by every real adapter and the light controller.
 */
export class PortFaults {
  private readonly listeners = new Listeners<NocturneError>();
  private current: NocturneError | undefined;

  get error(): NocturneError | undefined {
    return this.current;
  }

  add(listener: (err: NocturneError) => void): () => void {
    return this.listeners.add(listener);
  }

  report(err: NocturneError): NocturneError {
    const first = this.current === undefined;
    this.current = err;
    if (first) this.listeners.emit(err);
    return err;
  }

  recovered(): void {
    this.current = undefined;
  }

  clear(): void {
    this.listeners.clear();
  }

  status(adapter: string, detail: Record<string, unknown>): PortStatus {
    const err = this.current;
    return {
      adapter,
      ok: err === undefined,
      ...(err ? { code: err.code } : {}),
      detail: { ...detail, ...(err ? { error: err.message } : {}) },
    };
  }
}
