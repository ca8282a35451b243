import { afterEach, describe, expect, it } from 'vitest';
import { SystemdService } from '../../../device/service/systemd-service.js';
import { watchdogIntervalMs } from '../../../device/service/watchdog.js';
import { silentLogger } from '../../../shared/log.js';
import { FakeNotifySocket } from '../../helpers/notify-socket.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Pings every 1 s; systemd would kill the process after 2 s without one. */
const WATCHDOG_USEC = 2_000_000;
const BLOCK_MS = 4500;

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a hung unit: nothing else on the loop runs
  }
}

describe('the systemd notify protocol against a fake NOTIFY_SOCKET', () => {
  const sockets: FakeNotifySocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) await s.close();
  });

  it('sends READY=1, pings WATCHDOG=1 within the interval, and a blocked event loop stops the pings', async () => {
    const socket = await FakeNotifySocket.open();
    sockets.push(socket);
    const env: NodeJS.ProcessEnv = { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: String(WATCHDOG_USEC) };
    const service = SystemdService.fromEnv(silentLogger(), env);
    // Children of the service (aplay…) must not inherit the socket.
    expect(env.NOTIFY_SOCKET).toBeUndefined();

    service.start();
    await service.ready('unit running');
    await waitFor('READY=1', () => socket.with('READY').length === 1);
    expect(socket.with('READY')[0]?.fields).toEqual({ READY: '1', STATUS: 'unit running' });

    await waitFor('three pings', () => socket.with('WATCHDOG').length >= 3, 10_000);
    const beforeBlock = socket.with('WATCHDOG').length;
    blockEventLoop(BLOCK_MS);
    await waitFor('pings again', () => socket.with('WATCHDOG').length >= beforeBlock + 3, 10_000);
    await service.stopping();
    service.stop();
    await waitFor('STOPPING=1', () => socket.with('STOPPING').length === 1);

    const pings = socket.with('WATCHDOG').map((m) => m.at_ms);
    const gaps = pings.slice(1).map((t, i) => t - (pings[i] as number));
    const blocked = gaps.filter((g) => g >= BLOCK_MS - 600);
    // One gap spans the block: systemd would have killed the process. Every other ping was in time.
    expect(blocked).toHaveLength(1);
    for (const gap of gaps.filter((g) => g < BLOCK_MS - 600)) expect(gap).toBeLessThan(WATCHDOG_USEC / 1000);
    // After stop() no timer is left to ping.
    const count = socket.with('WATCHDOG').length;
    await new Promise((resolve) => setTimeout(resolve, WATCHDOG_USEC / 1000));
    expect(socket.with('WATCHDOG').length).toBe(count);
  }, 30_000);

  it('does nothing without NOTIFY_SOCKET, and no watchdog without WATCHDOG_USEC or for another pid', async () => {
    const service = SystemdService.fromEnv(silentLogger(), {});
    service.start();
    await service.ready('x');
    await service.stopping();
    service.stop();
    expect(watchdogIntervalMs({})).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 42)).toBe(30_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '41' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42)).toBe(30_000);
  });
});
