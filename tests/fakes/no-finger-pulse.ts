import type { BuiltPorts, PortContext } from '../../device/ports/factory.js';
import { SimulatedLight } from '../../device/ports/light/simulated.js';
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

/** A unit's ports with no finger on the sensor, a simulated light and the simulated remote. */
export const noFingerPorts = (ctx: PortContext): BuiltPorts => ({
  ports: { pulse: new NoFingerPulse(), light: new SimulatedLight(ctx.clock, 1), remote: ctx.simulatedRemote },
  simulated: true,
  close: async () => undefined,
});
