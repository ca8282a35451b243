import type { NocturneError } from '../../shared/errors.js';

/** What every port reports about itself (goes into the unit's `info`). */
export interface PortStatus {
  /** The adapter in use, e.g. "simulated", "pca9685", "speaker". */
  adapter: string;
  ok: boolean;
  /** Error code when not ok (device/errors/codes.ts). */
  code?: string;
  detail?: Record<string, unknown>;
}

/** Lifecycle shared by every port: constructors only assign; start() opens; stop() releases everything. */
export interface Port {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): PortStatus;
  /** Faults while running (device unplugged, sink died). The port keeps trying; the unit keeps going. */
  onFault(listener: (err: NocturneError) => void): () => void;
}
