import { describe, expect, it } from 'vitest';
import { SysfsPwmChannel } from '../../../device/board/sysfs-pwm.js';
import { VirtualClock } from '../../../shared/clock.js';
import { makeFakePwmSysfs } from '../../fakes/fake-sysfs-pwm.js';
import { settle } from '../../fakes/settle.js';

describe('sysfs PWM', () => {
  it('finds the Pi 5 controller by device path whatever its pwmchip number, exports and runs it', async () => {
    const clock = new VirtualClock();
    const sysfs = await makeFakePwmSysfs([
      { name: 'pwmchip0', device: '1f0009c000.pwm', channels: 2 },
      { name: 'pwmchip6', device: '1f00098000.pwm', channels: 4 },
    ]);
    const out = new SysfsPwmChannel({ chip: 'auto', channel: 1, frequencyHz: 3000, clock, root: sysfs.root });
    await settle(clock, out.open(), 5);
    expect(out.location).toContain('pwmchip6');
    expect(sysfs.read('pwmchip6', 1, 'period')).toBe('333333');
    expect(sysfs.read('pwmchip6', 1, 'enable')).toBe('1');
    expect(out.maxCount).toBe(16666);
    await out.write(out.maxCount / 2);
    expect(sysfs.read('pwmchip6', 1, 'duty_cycle')).toBe('166667');
    await out.close();
    expect(sysfs.read('pwmchip6', 1, 'enable')).toBe('0');
    sysfs.close();
  });

  it('without /sys/class/pwm it names the overlay to add and the config key', async () => {
    const out = new SysfsPwmChannel({
      chip: 'auto',
      channel: 0,
      frequencyHz: 3000,
      clock: new VirtualClock(),
      root: '/nonexistent/class/pwm',
    });
    await expect(out.open()).rejects.toMatchObject({
      code: 'E_LIGHT_DEVICE_MISSING',
      details: { config_key: 'ports.light', fix: expect.stringContaining('dtoverlay=pwm-2chan') },
    });
  });
});
