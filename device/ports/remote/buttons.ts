import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import type { RemoteButton, RemotePort } from './index.js';

export const REMOTE_BUTTONS = [
  'start_stop',
  'snooze',
  'louder',
  'quieter',
  'brighter',
  'dimmer',
] as const satisfies readonly RemoteButton[];

/** Listener and fault bookkeeping shared by the real remotes. */
export abstract class RemoteAdapterBase implements RemotePort {
  private readonly presses = new Listeners<RemoteButton>();
  private readonly faults = new Listeners<NocturneError>();
  protected fault: NocturneError | undefined;

  constructor(private readonly adapterName: string) {}

  abstract start(): Promise<void>;

  async stop(): Promise<void> {
    this.presses.clear();
    this.faults.clear();
  }

  protected abstract detail(): Record<string, unknown>;

  status(): PortStatus {
    return {
      adapter: this.adapterName,
      ok: this.fault === undefined,
      ...(this.fault ? { code: this.fault.code } : {}),
      detail: { ...this.detail(), ...(this.fault ? { error: this.fault.message } : {}) },
    };
  }

  onPress(listener: (button: RemoteButton) => void): () => void {
    return this.presses.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  protected press(button: RemoteButton): void {
    this.presses.emit(button);
  }

  protected report(err: NocturneError): void {
    const first = this.fault === undefined;
    this.fault = err;
    if (first) this.faults.emit(err);
  }

  protected recovered(): void {
    this.fault = undefined;
  }
}
