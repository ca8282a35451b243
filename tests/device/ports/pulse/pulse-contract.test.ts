import { describe } from 'vitest';
import { Ads1115Pulse } from '../../../../device/ports/pulse/ads1115.js';
import { Max30102Pulse } from '../../../../device/ports/pulse/max30102.js';
import { SimulatedPulse } from '../../../../device/ports/pulse/simulated.js';
import { SimulatedOximeter } from '../../../../device/ports/pulse/simulated-oximeter.js';
import { PatientModel, patientProfiles } from '../../../../device/sim/patient.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeAds1115, FakeI2cBus, FakeMax30102 } from '../../../fakes/fake-i2c-bus.js';
import { runPulseContract } from './pulse-contract.js';

/** A fingertip pulse at `bpm`: a sharp systolic rise and a slower fall, as a PPG looks. */
const ppg = (bpm: number, mid: number, depth: number) => (t: number) => {
  const phase = ((t * bpm) / 60_000) % 1;
  const wave = phase < 0.15 ? phase / 0.15 : Math.exp(-(phase - 0.15) * 4);
  return mid + depth * wave;
};

describe('pulse contract', () => {
  runPulseContract('simulated PPG', async () => {
    const clock = new VirtualClock();
    const patient = new PatientModel(patientProfiles.typical, 'contract', clock.now());
    return {
      pulse: new SimulatedPulse(clock, patient, { seed: 'contract' }),
      clock,
      trueBpm: patient.heartRateAt(clock.now() + 60_000),
    };
  });

  runPulseContract('simulated oximeter', async () => {
    const clock = new VirtualClock();
    const patient = new PatientModel(patientProfiles.typical, 'contract', clock.now());
    return {
      pulse: new SimulatedOximeter(clock, patient, 'contract'),
      clock,
      trueBpm: patient.heartRateAt(clock.now() + 60_000),
    };
  });

  runPulseContract('ADS1115 over a fake i2c-bus (an ADC running 5 % slow)', async () => {
    const clock = new VirtualClock();
    const adc = new FakeAds1115(clock, ppg(66, 1.6, 0.2), -0.05);
    const bus = new FakeI2cBus(new Map([[0x48, adc]]));
    const pulse = new Ads1115Pulse({
      bus: 1,
      address: 0x48,
      channel: 0,
      fullScaleV: 4.096,
      dataRate: 128,
      clock,
      openBus: async () => bus,
    });
    return { pulse, clock, trueBpm: 66 };
  });

  runPulseContract('MAX30102 over a fake i2c-bus (a sensor running 3 % fast)', async () => {
    const clock = new VirtualClock();
    const sensor = new FakeMax30102(clock, ppg(58, 120_000, 900), 0.03);
    const bus = new FakeI2cBus(new Map([[0x57, sensor]]));
    const pulse = new Max30102Pulse({
      bus: 1,
      address: 0x57,
      ledCurrentMa: 7,
      fingerThreshold: 50_000,
      clock,
      openBus: async () => bus,
    });
    return { pulse, clock, trueBpm: 58 };
  });
});
