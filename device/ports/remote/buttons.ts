import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import { PortFaults } from '../port-faults.js';
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
  private readonly faults = new PortFaults();

  constructor(private readonly adapterName: string) {}

  abstract start(): Promise<void>;

  async stop(): Promise<void> {
    this.presses.clear();
    this.faults.clear();
  }

  protected abstract detail(): Record<string, unknown>;

  status(): PortStatus {
    return this.faults.status(this.adapterName, this.detail());
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

  /** Records a fault (listeners hear it once per outage) and returns it, for `throw`. */
  protected report(err: NocturneError): NocturneError {
    return this.faults.report(err);
  }

  protected recovered(): void {
    this.faults.recovered();
  }
}
