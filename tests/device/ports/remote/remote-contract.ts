import { expect, it } from 'vitest';
import type { RemoteButton, RemotePort } from '../../../../device/ports/remote/index.js';
import type { VirtualClock } from '../../../../shared/clock.js';
import { settle } from '../../../fakes/settle.js';

/** What a contract run needs: the remote, its clock, and a way to press a button on the hardware under it. */
export interface RemoteUnderTest {
  remote: RemotePort;
  clock: VirtualClock;
  /** Presses and releases `button` as a person would; resolves once the hardware has seen it. */
  press(button: RemoteButton): Promise<void>;
  /** Releases what the remote shares (a board), after it stopped. */
  close?: () => Promise<void>;
}

/**
 * The remote contract: every adapter (the twin in CI, GPIO buttons and HID remotes over fakes
 * here and over real hardware on a Pi) turns one press into exactly one event for every
 * listener, and after stop() delivers nothing and leaves no timer behind.
 */
export function runRemoteContract(name: string, make: () => Promise<RemoteUnderTest>): void {
  it(`${name}: one press is one event, for every listener, until it unsubscribes`, async () => {
    const t = await make();
    await settle(t.clock, t.remote.start());
    const first: RemoteButton[] = [];
    const second: RemoteButton[] = [];
    t.remote.onPress((b) => first.push(b));
    const off = t.remote.onPress((b) => second.push(b));
    await t.press('start_stop');
    await t.press('snooze');
    off();
    await t.press('start_stop');
    expect(first).toEqual(['start_stop', 'snooze', 'start_stop']);
    expect(second).toEqual(['start_stop', 'snooze']);
    expect(t.remote.status()).toMatchObject({ ok: true, adapter: expect.any(String) });
    await t.remote.stop();
    await t.close?.();
  });

  it(`${name}: after stop() a press reaches no one and no timer is left, even stopped twice`, async () => {
    const t = await make();
    await settle(t.clock, t.remote.start());
    const presses: RemoteButton[] = [];
    t.remote.onPress((b) => presses.push(b));
    await t.remote.stop();
    await t.remote.stop();
    await t.press('start_stop').catch(() => undefined);
    expect(presses).toEqual([]);
    await t.close?.();
    expect(t.clock.pendingTimers).toBe(0);
  });
}
