import type { Port } from '../port.js';

/**
 * One batch from a pulse sensor. Every adapter (ADS1115, MAX30102, USB oximeter, simulated)
 * produces the same shape: timestamped PPG samples, plus what the device computes itself.
 */
export interface PulseBatch {
  /** Sample times in ms on the unit's Clock (from the device's calibrated rate, not setInterval). */
  t: Float64Array;
  /** PPG samples, arbitrary units, larger = more blood volume. May be empty for HR-only devices. */
  value: Float64Array;
  /** Nominal sample rate of the waveform, Hz. */
  rateHz: number;
  /** Whether the sensor reports a finger on it. */
  finger: boolean;
  /** Values the device computes itself (oximeters), at time `t` ms. */
  device?: { t: number; bpm: number | null; spo2: number | null };
}

export interface PulsePort extends Port {
  onBatch(listener: (batch: PulseBatch) => void): () => void;
}
