import { describe, expect, it } from 'vitest';
import type { PulseBatch } from '../../../../device/ports/pulse/index.js';
import { SimulatedOximeter } from '../../../../device/ports/pulse/simulated-oximeter.js';
import { deviceHeartRate } from '../../../../device/signal/device-heart-rate.js';
import { PatientModel, patientProfiles } from '../../../../device/sim/patient.js';
import { VirtualClock } from '../../../../shared/clock.js';

describe('the simulated oximeter', () => {
  it('reports the patient’s heart rate once a second, within a few BPM, as a device-computed value', async () => {
    const clock = new VirtualClock();
    const patient = new PatientModel(patientProfiles.typical, 'ox', clock.now());
    patient.beginWindDown(clock.now());
    const oximeter = new SimulatedOximeter(clock, patient, 'ox');
    const batches: PulseBatch[] = [];
    oximeter.onBatch((b) => batches.push(b));
    await oximeter.start();
    clock.advance(30 * 60_000);
    await oximeter.stop();
    expect(batches).toHaveLength(30 * 60);
    for (const batch of batches) {
      expect(batch.value).toHaveLength(0);
      const estimate = deviceHeartRate(batch);
      expect(estimate?.source).toBe('device');
      expect(Math.abs((estimate?.bpm ?? 0) - patient.heartRateAt(batch.device?.t ?? 0))).toBeLessThan(8);
    }
    // It follows the wind-down: the last minute is well below the first.
    const mean = (bs: PulseBatch[]) => bs.reduce((n, b) => n + (b.device?.bpm ?? 0), 0) / bs.length;
    expect(mean(batches.slice(-60))).toBeLessThan(mean(batches.slice(0, 60)) - 5);
  });
});
