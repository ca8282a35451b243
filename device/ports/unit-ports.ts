import type { LightPort } from './light/index.js';
import type { PulsePort } from './pulse/index.js';
import type { RemotePort } from './remote/index.js';

/** The hardware a unit runs on, built by the composition root (real adapters or simulated twins). */
export interface UnitPorts {
  pulse: PulsePort;
  light: LightPort;
  remote: RemotePort;
}
