import { describe } from 'vitest';
import { BoardHost } from '../../../../device/board/board.js';
import { GpioButtons } from '../../../../device/ports/remote/gpio-buttons.js';
import { HidRemote } from '../../../../device/ports/remote/hid-remote.js';
import type { RemoteButton } from '../../../../device/ports/remote/index.js';
import { SimulatedRemote } from '../../../../device/ports/remote/simulated.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { silentLogger } from '../../../../shared/log.js';
import { FakeByteStream } from '../../../fakes/fake-byte-stream.js';
import { FakeGpio } from '../../../fakes/fake-gpio.js';
import { FakeI2cBus } from '../../../fakes/fake-i2c-bus.js';
import { runRemoteContract } from './remote-contract.js';

/** Boot-keyboard reports (modifier, reserved, six key codes): Space is start/stop, S is snooze. */
const KEY: Record<string, number> = { start_stop: 0x2c, snooze: 0x16 };
const report = (...keys: number[]) => Uint8Array.from([0, 0, ...keys, ...Array(6 - keys.length).fill(0)]);
const PINS: Record<string, number> = { start_stop: 17, snooze: 27 };

describe('remote contract', () => {
  runRemoteContract('simulated', async () => {
    const remote = new SimulatedRemote();
    return { remote, clock: new VirtualClock(), press: async (b) => remote.press(b) };
  });

  runRemoteContract('HID remote over a fake hidraw stream', async () => {
    const clock = new VirtualClock();
    const stream = new FakeByteStream();
    const remote = new HidRemote({
      clock,
      match: { vendorId: 0x1d57, productId: 0xad02 },
      report: 'keyboard',
      openHid: async () => stream,
      devDir: '/nonexistent',
    });
    const press = async (b: RemoteButton) => stream.feed([report(KEY[b] as number), report()]);
    return { remote, clock, press };
  });

  runRemoteContract(
    'GPIO buttons through johnny-five on the Nocturne IO plugin (fake libgpiod)',
    async () => {
      const clock = new VirtualClock();
      const gpio = new FakeGpio([{ name: 'gpiochip4', label: 'pinctrl-rp1', lines: 54 }]);
      const board = new BoardHost(
        { io: 'auto', gpio_chip: 'auto', i2c_bus: 1 },
        {
          clock,
          log: silentLogger(),
          loadGpio: async () => gpio.binding(),
          openI2cBus: async () => new FakeI2cBus(),
          model: async () => 'Raspberry Pi 5 Model B Rev 1.0',
          isRoot: () => true,
        },
      );
      const remote = new GpioButtons(board, [
        { gpio: 17, button: 'start_stop', pull: 'up' },
        { gpio: 27, button: 'snooze', pull: 'up' },
      ]);
      // Pressed pulls the line to ground. johnny-five debounces on a real 7 ms timer, so the press
      // is held until the remote has reported it (or half a second has passed: a stopped remote).
      const press = async (b: RemoteButton) => {
        const line = gpio.line('pinctrl-rp1', PINS[b] as number);
        let off = () => {};
        const seen = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no press reported')), 500);
          off = remote.onPress(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        line.driven = 0;
        clock.advance(20);
        await seen.finally(() => off());
        line.driven = 1;
        clock.advance(20);
      };
      return { remote, clock, press, close: () => board.close() };
    },
  );
});
