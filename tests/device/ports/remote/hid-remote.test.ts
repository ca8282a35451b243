import { describe, expect, it } from 'vitest';
import { HidKeyDecoder } from '../../../../device/ports/remote/hid-keys.js';
import { HidRemote } from '../../../../device/ports/remote/hid-remote.js';
import type { RemoteButton } from '../../../../device/ports/remote/index.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { FakeByteStream } from '../../../fakes/fake-byte-stream.js';

const key = (...keys: number[]) => Uint8Array.from([0, 0, ...keys, ...Array(6 - keys.length).fill(0)]);

describe('HID key decoder', () => {
  it('presses once per key down (held keys and releases do not repeat)', () => {
    const d = new HidKeyDecoder('keyboard');
    expect(d.push(key(0x2c))).toEqual(['start_stop']);
    expect(d.push(key(0x2c))).toEqual([]);
    expect(d.push(key(0x2c, 0x57))).toEqual(['louder']);
    expect(d.push(key())).toEqual([]);
    expect(d.push(key(0x51))).toEqual(['dimmer']);
    expect(d.push(key(0x04))).toEqual([]); // 'A' is not mapped
  });

  it('reads consumer-control reports with a report id (media remotes)', () => {
    const d = new HidKeyDecoder('consumer');
    expect(d.push(Uint8Array.from([0x02, 0xcd, 0x00]))).toEqual(['start_stop']);
    expect(d.push(Uint8Array.from([0x02, 0x00, 0x00]))).toEqual([]);
    expect(d.push(Uint8Array.from([0x02, 0xe9, 0x00]))).toEqual(['louder']);
  });

  it('takes a keymap from config', () => {
    const d = new HidKeyDecoder('keyboard', { 30: 'snooze' });
    expect(d.push(key(0x1e))).toEqual(['snooze']);
    expect(d.push(key(0x2c))).toEqual([]);
  });
});

describe('HID remote', () => {
  it('opens the device by vendor/product and turns reports into presses', async () => {
    const clock = new VirtualClock();
    const stream = new FakeByteStream();
    const asked: unknown[] = [];
    const remote = new HidRemote({
      clock,
      match: { vendorId: 0x1d57, productId: 0xad02 },
      report: 'keyboard',
      openHid: async (match) => {
        asked.push(match);
        return stream;
      },
      devDir: '/nonexistent',
    });
    const presses: RemoteButton[] = [];
    remote.onPress((b) => presses.push(b));
    await remote.start();
    expect(asked).toEqual([{ vendorId: 0x1d57, productId: 0xad02 }]);
    stream.feed([key(0x2c), key(), key(0x16)]);
    expect(presses).toEqual(['start_stop', 'snooze']);
    expect(remote.status()).toMatchObject({ adapter: 'hid', ok: true, detail: { connected: true } });
    await remote.stop();
    expect(stream.closed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
