import type { PortStatus } from '../../device/ports/port.js';
import type { PulsePort } from '../../device/ports/pulse/index.js';

/** A pulse sensor nobody has a finger on: sessions run by their timer (CLINICAL.md:38-39). */
export class NoFingerPulse implements PulsePort {
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status(): PortStatus {
    return { ok: true, adapter: 'none' };
  }
  onBatch(): () => void {
    return () => undefined;
  }
  onFault(): () => void {
    return () => undefined;
  }
}
