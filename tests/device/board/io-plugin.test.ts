import { describe, expect, it } from 'vitest';
import { BoardHost } from '../../../device/board/board.js';
import { GpioButtons } from '../../../device/ports/remote/gpio-buttons.js';
import type { RemoteButton } from '../../../device/ports/remote/index.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { FakeGpio } from '../../fakes/fake-gpio.js';
import { FakeI2cBus, FakePca9685 } from '../../fakes/fake-i2c-bus.js';

/** A Pi 5's GPIO: a couple of unrelated chips first, numbered differently than on a Pi 4. */
function pi5Gpio(): FakeGpio {
  return new FakeGpio([
    { name: 'gpiochip0', label: 'gpio-brcmstb@107d508500', lines: 32 },
    { name: 'gpiochip4', label: 'pinctrl-rp1', lines: 54 },
  ]);
}

function host(gpio: FakeGpio, clock: VirtualClock, bus = new FakeI2cBus()) {
  return new BoardHost(
    { io: 'auto', gpio_chip: 'auto', i2c_bus: 1 },
    {
      clock,
      log: silentLogger(),
      loadGpio: async () => gpio.binding(),
      openI2cBus: async () => bus,
      model: async () => 'Raspberry Pi 5 Model B Rev 1.0',
      isRoot: () => true,
    },
  );
}

/** Resolves at the next press (johnny-five debounces with its own 7 ms timer). */
function nextPress(buttons: GpioButtons): Promise<RemoteButton> {
  return new Promise((resolve) => {
    const off = buttons.onPress((b) => {
      off();
      resolve(b);
    });
  });
}

describe('johnny-five on the Nocturne IO plugin (Pi 5, fake libgpiod)', () => {
  it('a Button on GPIO17 requests the line with a pull-up on pinctrl-rp1 and reports presses', async () => {
    const clock = new VirtualClock();
    const gpio = pi5Gpio();
    const board = host(gpio, clock);
    const buttons = new GpioButtons(board, [
      { gpio: 17, button: 'start_stop', pull: 'up' },
      { gpio: 27, button: 'snooze', pull: 'up' },
    ]);
    await buttons.start();
    const line = gpio.line('pinctrl-rp1', 17);
    expect(line).toMatchObject({ consumer: 'nocturne', direction: 'input', bias: 'up' });
    expect(buttons.status()).toMatchObject({ ok: true, detail: { io: 'nocturne' } });

    const pressed = nextPress(buttons);
    line.driven = 0; // pressed: the button pulls the line to ground
    clock.advance(20);
    expect(await pressed).toBe('start_stop');

    line.driven = 1;
    clock.advance(20);
    const snooze = nextPress(buttons);
    gpio.line('pinctrl-rp1', 27).driven = 0;
    clock.advance(20);
    expect(await snooze).toBe('snooze');

    await buttons.stop();
    await board.close();
    expect(line.consumer).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('says which GPIO chips it found when none is a Pi header controller', async () => {
    const clock = new VirtualClock();
    const gpio = new FakeGpio([{ name: 'gpiochip0', label: 'INT34C5:00', lines: 64 }]);
    const buttons = new GpioButtons(host(gpio, clock), [{ gpio: 17, button: 'start_stop', pull: 'up' }]);
    await expect(buttons.start()).rejects.toMatchObject({
      code: 'E_REMOTE_DEVICE_MISSING',
      message: expect.stringContaining('gpiochip0=INT34C5:00'),
    });
  });

  it('a line held by another process is E_DEVICE_BUSY', async () => {
    const clock = new VirtualClock();
    const gpio = pi5Gpio();
    gpio.line('pinctrl-rp1', 17).consumer = 'other-daemon';
    const buttons = new GpioButtons(host(gpio, clock), [{ gpio: 17, button: 'start_stop', pull: 'up' }]);
    await expect(buttons.start()).rejects.toMatchObject({ code: 'E_DEVICE_BUSY' });
  });

  it('johnny-five I2C calls go through i2c-bus: reads and register writes reach the device', async () => {
    const clock = new VirtualClock();
    const chip = new FakePca9685();
    const bus = new FakeI2cBus(new Map([[0x40, chip]]));
    const board = host(pi5Gpio(), clock, bus);
    const { board: j5 } = await board.board({ port: 'light', device: 'test', configKey: 'ports.light' });
    const io = j5.io as unknown as {
      i2cWriteReg(a: number, r: number, v: number): void;
      i2cReadOnce(a: number, r: number, n: number, cb: (d: number[]) => void): void;
    };
    io.i2cWriteReg(0x40, 0x01, 0x14);
    const data = await new Promise<number[]>((resolve) => io.i2cReadOnce(0x40, 0x00, 2, resolve));
    expect(data).toEqual([0x11, 0x14]);
    expect(bus.writes).toContainEqual({ address: 0x40, register: 0x01, bytes: [0x14] });
    await board.close();
  });
});
