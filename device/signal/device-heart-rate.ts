import type { PulseBatch } from '../ports/pulse/index.js';
import type { HeartRateEstimate } from './estimate.js';

/** Plausible adult heart rates; a device value outside them is treated as no pulse. */
const MIN_BPM = 30;
const MAX_BPM = 200;

/**
 * The heart rate a device computed itself (pulse oximeters), as an estimate. Devices give no
 * quality figure, so a plausible value with a finger present counts as fully trusted.
 */
export function deviceHeartRate(batch: PulseBatch): HeartRateEstimate | undefined {
  if (!batch.device) return undefined;
  const { t, bpm } = batch.device;
  const valid = batch.finger && bpm !== null && bpm >= MIN_BPM && bpm <= MAX_BPM;
  return { t, bpm: valid ? bpm : null, quality: valid ? 1 : 0, source: 'device' };
}
