import { describe, expect, it } from 'vitest';
import { Ads1115Pulse, ads1115Config } from '../../../../device/ports/pulse/ads1115.js';
import type { PulseBatch } from '../../../../device/ports/pulse/index.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeAds1115, FakeI2cBus } from '../../../fakes/fake-i2c-bus.js';

/** A pulse-sensor-like voltage: 1.6 V mid-rail with a 72 bpm pulse and a little noise. */
const pulse = (t: number) =>
  1.6 + 0.2 * Math.sin((2 * Math.PI * 72 * t) / 60_000) + 0.002 * Math.sin(t * 7.3);

function setup(rateError: number, signal = pulse) {
  const clock = new VirtualClock();
  const adc = new FakeAds1115(clock, signal, rateError);
  const bus = new FakeI2cBus(new Map([[0x48, adc]]));
  const port = new Ads1115Pulse({
    bus: 1,
    address: 0x48,
    channel: 0,
    fullScaleV: 4.096,
    dataRate: 128,
    clock,
    openBus: async () => bus,
  });
  const batches: PulseBatch[] = [];
  port.onBatch((b) => batches.push(b));
  return { clock, adc, bus, port, batches };
}

describe('ADS1115 analog pulse', () => {
  it('writes continuous mode, AIN0 single-ended, ±4.096 V, 128 SPS, comparator off', async () => {
    const { port, bus } = setup(0);
    await port.start();
    expect(ads1115Config(0, 4.096, 128)).toBe(0x4283);
    expect(bus.writes[0]).toEqual({ address: 0x48, register: 0x01, bytes: [0x42, 0x83] });
    await port.stop();
  });

  it('calibrates an ADC running 8 % fast: every conversion once, timestamps that do not drift', async () => {
    const { clock, adc, port, batches } = setup(0.08);
    await port.start();
    await clock.advanceAsync(60_000);
    await port.stop();
    const t = batches.flatMap((b) => [...b.t]);
    const v = batches.flatMap((b) => [...b.value]);
    const expected = Math.floor(60 * adc.actualRateHz);
    expect(Math.abs(t.length - expected)).toBeLessThanOrEqual(3);
    expect(batches.at(-1)?.rateHz).toBeCloseTo(adc.actualRateHz, 0);
    // The last stamp sits within one conversion period of when that conversion really happened.
    const k = t.length - 1;
    const period = 1000 / adc.actualRateHz;
    expect(Math.abs((t[k] as number) - adc.conversionTime(k))).toBeLessThan(period);
    // The nominal rate would have put it 8 % of a minute (~4.4 s) off.
    const origin = t[0] as number;
    expect(Math.abs(origin + (k * 1000) / 128 - adc.conversionTime(k))).toBeGreaterThan(4000);
    expect(Math.max(...v)).toBeCloseTo(1.8, 1);
    expect(batches.at(-1)?.finger).toBe(true);
  });

  it('says no finger on a flat, floating input', async () => {
    const { clock, port, batches } = setup(0, (t) => 0.01 + 0.00001 * Math.sin(t));
    await port.start();
    await clock.advanceAsync(3_000);
    await port.stop();
    expect(batches.at(-1)?.finger).toBe(false);
  });

  it('names the config key when nothing answers at the address', async () => {
    const clock = new VirtualClock();
    const port = new Ads1115Pulse({
      bus: 1,
      address: 0x49,
      channel: 0,
      fullScaleV: 4.096,
      dataRate: 128,
      clock,
      openBus: async () => new FakeI2cBus(),
    });
    await expect(port.start()).rejects.toMatchObject({
      code: 'E_PULSE_DEVICE_MISSING',
      details: { config_key: 'ports.pulse', reason: 'no_answer' },
    });
    expect(port.status()).toMatchObject({ ok: false, code: 'E_PULSE_DEVICE_MISSING' });
  });
});
