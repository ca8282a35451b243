import { luminanceToLightness } from '../../device/ports/light/cie.js';
import { SimulatedLight, SimulatedPwm } from '../../device/ports/light/simulated.js';
import { Ads1115Pulse } from '../../device/ports/pulse/ads1115.js';
import type { PulseBatch } from '../../device/ports/pulse/index.js';
import { VirtualClock } from '../../shared/clock.js';
import { FakeAds1115, FakeI2cBus } from '../fakes/fake-i2c-bus.js';
import type { Bench } from './bench.js';

/** ADS1115 timestamps against the true conversion times, for an ADC off its nominal rate. */
async function adsCalibration(rateError: number): Promise<Record<string, number>> {
  const clock = new VirtualClock();
  const adc = new FakeAds1115(clock, (t) => 1.6 + 0.2 * Math.sin((2 * Math.PI * 72 * t) / 60_000), rateError);
  const port = new Ads1115Pulse({
    bus: 1,
    address: 0x48,
    channel: 0,
    fullScaleV: 4.096,
    dataRate: 128,
    clock,
    openBus: async () => new FakeI2cBus(new Map([[0x48, adc]])),
  });
  const batches: PulseBatch[] = [];
  port.onBatch((b) => batches.push(b));
  await port.start();
  await clock.advanceAsync(120_000);
  await port.stop();
  const t = batches.flatMap((b) => [...b.t]);
  let worst = 0;
  for (let k = Math.floor(t.length / 2); k < t.length; k++)
    worst = Math.max(worst, Math.abs((t[k] as number) - adc.conversionTime(k)));
  const rate = batches.at(-1)?.rateHz ?? 0;
  return {
    true_rate_hz: adc.actualRateHz,
    calibrated_rate_hz: Math.round(rate * 1000) / 1000,
    rate_error_pct: Math.round(((rate - adc.actualRateHz) / adc.actualRateHz) * 1e5) / 1e3,
    samples_per_s: Math.round((t.length / 120) * 10) / 10,
    worst_timestamp_error_ms_second_minute: Math.round(worst * 100) / 100,
  };
}

/** Largest L* step and write count of a 60 s fade from full to off, at a given PWM resolution. */
async function fadeSteps(maxCount: number): Promise<Record<string, number>> {
  const clock = new VirtualClock();
  const pwm = new SimulatedPwm().record();
  Object.defineProperty(pwm, 'maxCount', { value: maxCount });
  const light = new SimulatedLight(clock, 1, pwm);
  await light.start();
  light.setLevel(1, 0);
  light.setLevel(0, 60_000);
  await clock.advanceAsync(61_000);
  await light.stop();
  let maxStep = 0;
  for (let i = 1; i < pwm.writes.length; i++) {
    const a = luminanceToLightness((pwm.writes[i - 1] as number) / maxCount);
    const b = luminanceToLightness((pwm.writes[i] as number) / maxCount);
    maxStep = Math.max(maxStep, Math.abs(a - b));
  }
  return { writes: pwm.writes.length, max_step_lstar: Math.round(maxStep * 1000) / 1000 };
}

export const benches: Bench[] = [
  { name: 'ports.ads1115.rate-plus-8pct', run: () => adsCalibration(0.08) },
  { name: 'ports.ads1115.rate-minus-10pct', run: () => adsCalibration(-0.1) },
  { name: 'ports.light.fade-12bit', run: () => fadeSteps(4096) },
  { name: 'ports.light.fade-8bit', run: () => fadeSteps(255) },
];
