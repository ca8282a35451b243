import type { NocturneError } from '../../../shared/errors.js';
import { Listeners } from '../../../shared/listeners.js';
import type { PortStatus } from '../port.js';
import type { RemoteButton, RemotePort } from './index.js';

/** The simulated twin of the bedside buttons: tests and the demo call `press()`. */
export class SimulatedRemote implements RemotePort {
  private readonly presses = new Listeners<RemoteButton>();
  private readonly faults = new Listeners<NocturneError>();

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.presses.clear();
    this.faults.clear();
  }

  status(): PortStatus {
    return { adapter: 'simulated', ok: true };
  }

  onPress(listener: (button: RemoteButton) => void): () => void {
    return this.presses.add(listener);
  }

  onFault(listener: (err: NocturneError) => void): () => void {
    return this.faults.add(listener);
  }

  press(button: RemoteButton): void {
    this.presses.emit(button);
  }
}
