import { describe, expect, it } from 'vitest';
import { PatientModel, patientProfile, patientProfiles } from '../../../device/sim/patient.js';
import { PpgSimulator } from '../../../device/sim/ppg-simulator.js';
import { simulateRecording } from '../../fixtures/ppg.js';

describe('PpgSimulator', () => {
  it('is reproducible from its seed, and streams the same samples in any batch sizes', () => {
    const patient = () => new PatientModel(patientProfiles.typical, 3, 0);
    const whole = new PpgSimulator(patient(), { rateHz: 100, seed: 3 }, 0).take(10_000);
    const sim = new PpgSimulator(patient(), { rateHz: 100, seed: 3 }, 0);
    const parts = [sim.take(1234), sim.take(5000), sim.take(10_000)];
    expect(Float64Array.from(parts.flatMap((p) => [...p.value]))).toEqual(whole.value);
    expect(whole.t.length).toBe(1000);
  });

  it('beats follow the heart rate, with respiratory sinus arrhythmia at the breathing rate', () => {
    const rec = simulateRecording(120, { rateHz: 100, noise: 0 });
    const rr = rec.truth.slice(1).map((t, i) => t - (rec.truth[i] as number));
    const meanBpm = 60_000 / (rr.reduce((s, v) => s + v, 0) / rr.length);
    expect(meanBpm).toBeGreaterThan(patientProfiles.typical.baselineBpm - 4);
    expect(meanBpm).toBeLessThan(patientProfiles.typical.baselineBpm + 4);
    // RSA: intervals swing by several BPM over a breath (14 breaths/min ≈ 4.3 s).
    const bpm = rr.map((v) => 60_000 / v);
    expect(Math.max(...bpm) - Math.min(...bpm)).toBeGreaterThan(4);
  });

  it('the typical profile settles more, and faster, than the insomnia profile', () => {
    const fallAfter = (name: 'typical' | 'insomnia', minutes: number) => {
      const p = new PatientModel(patientProfiles[name], 1, 0);
      p.beginWindDown(0);
      return p.trendAt(0) - p.trendAt(minutes * 60_000);
    };
    expect(fallAfter('typical', 30)).toBeGreaterThan(3 * fallAfter('insomnia', 30));
    const slow = new PatientModel(patientProfile('typical', { tauMin: 30 }), 1, 0);
    slow.beginWindDown(0);
    expect(slow.trendAt(0) - slow.trendAt(20 * 60_000)).toBeLessThan(fallAfter('typical', 20));
  });

  it('each pulse has a systolic peak, a dicrotic notch and a diastolic wave', () => {
    const rec = simulateRecording(10, { rateHz: 500, noise: 0, wander: 0 });
    const peak = Math.round((rec.truth[3] as number) / 2);
    const next = Math.round((rec.truth[4] as number) / 2);
    const after = Array.from(rec.value.subarray(peak, peak + Math.round(0.6 * (next - peak))));
    // Falling from the peak, then rising again (the notch) before falling to the next foot.
    const notch = after.findIndex(
      (v, i) => i > 0 && v < (after[i - 1] as number) && v <= (after[i + 1] as number),
    );
    expect(notch).toBeGreaterThan(0);
    const diastolic = Math.max(...after.slice(notch));
    expect(diastolic).toBeGreaterThan((after[notch] as number) * 1.05);
    expect(diastolic).toBeLessThan(rec.value[peak] as number);
  });

  it('digitises like a 10-bit ADC: whole codes, clipped to 0..1023, saturated with the finger off', () => {
    const rec = simulateRecording(30, {
      rateHz: 50,
      amplitude: 300,
      wander: 2,
      adc: { bits: 10, restingCode: 800 },
      dropouts: [{ start: 10_000, end: 12_000, reads: 'saturated' }],
    });
    expect(rec.value.every((v) => Number.isInteger(v) && v >= 0 && v <= 1023)).toBe(true);
    expect(rec.value.some((v) => v === 1023)).toBe(true);
    const off = [...rec.t.keys()].filter((i) => rec.finger[i] === 0);
    expect(off.length).toBe(100);
    for (const i of off) expect(rec.value[i]).toBe(1023);
  });
});
