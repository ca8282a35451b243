import { describe } from 'vitest';
import { SysfsPwmChannel } from '../../../../device/board/sysfs-pwm.js';
import { Pca9685Channel } from '../../../../device/ports/light/pca9685.js';
import { PwmLight } from '../../../../device/ports/light/pwm-light.js';
import { SimulatedLight } from '../../../../device/ports/light/simulated.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeI2cBus, FakePca9685 } from '../../../fakes/fake-i2c-bus.js';
import { makeFakePwmSysfs } from '../../../fakes/fake-sysfs-pwm.js';
import { runLightContract } from './light-contract.js';

describe('light contract', () => {
  runLightContract('simulated', async (cap) => {
    const clock = new VirtualClock();
    const light = new SimulatedLight(clock, cap);
    return { light, clock, cap, duty: () => light.pwm.count / light.pwm.maxCount };
  });

  runLightContract('pca9685 over a fake i2c-bus', async (cap) => {
    const clock = new VirtualClock();
    const chip = new FakePca9685();
    const bus = new FakeI2cBus(new Map([[0x40, chip]]));
    const output = new Pca9685Channel({
      bus: 1,
      address: 0x40,
      channel: 3,
      invert: false,
      openDrain: false,
      clock,
      openBus: async () => bus,
    });
    return { light: new PwmLight({ clock, output, cap }), clock, cap, duty: () => chip.duty(3) / 4096 };
  });

  runLightContract('sysfs PWM over a temp-dir /sys/class/pwm', async (cap) => {
    const clock = new VirtualClock();
    const sysfs = await makeFakePwmSysfs([{ name: 'pwmchip2', device: '1f00098000.pwm', channels: 4 }]);
    const output = new SysfsPwmChannel({
      chip: 'auto',
      channel: 2,
      frequencyHz: 3000,
      clock,
      root: sysfs.root,
    });
    return {
      light: new PwmLight({ clock, output, cap }),
      clock,
      cap,
      duty: () => sysfs.dutyFraction('pwmchip2', 2),
    };
  });
});
