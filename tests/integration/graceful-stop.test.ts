import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../device/telemetry/outbox.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import { runCli } from '../helpers/cli.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { FakeNotifySocket } from '../helpers/notify-socket.js';
import { offlineIndex, type Received, startUnitUnderSystemd, statesOf } from '../helpers/systemd-unit.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const UNIT = 'bed-9';
/** What the issue asks of a stop: silence and darkness this soon after SIGTERM. */
const SILENT_WITHIN_MS = 2000;
/** nocturne-device.service's TimeoutStopSec is 20 s: the unit must be done well before. */
const EXIT_WITHIN_MS = 10_000;

describe('SIGTERM mid-session on a simulated unit under systemd (real Mosquitto, fake NOTIFY_SOCKET)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is ready only once started, then stops: silence and darkness within 2 s, outbox flushed, offline, exit 0', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const broker = await Mosquitto.start();
    cleanups.push(() => broker.dispose());
    const notify = await FakeNotifySocket.open();
    cleanups.push(() => notify.close());

    const stateDir = join(dir.path, 'unit');
    const unit = await startUnitUnderSystemd({
      brokerUrl: broker.url,
      notify,
      id: UNIT,
      stateDir,
      speed: 10,
    });
    cleanups.push(() => unit.dispose());
    const { child, received } = unit;

    // READY=1 comes after the ports and the outbox: the session the unit started is already recorded.
    await waitFor('READY=1', () => notify.with('READY').length === 1, 20_000);
    expect(existsSync(join(stateDir, 'state.db'))).toBe(true);
    expect(existsSync(join(stateDir, 'active-session.json'))).toBe(true);
    await waitFor('a watchdog ping', () => notify.with('WATCHDOG').length > 0, 10_000);

    const states = () => statesOf(unit);
    await waitFor(
      'the session lit and playing',
      () => states().some((s) => s.phase !== 'idle' && (s.light as number) > 0.05 && s.volume_db !== null),
      20_000,
    );
    const sessionId = states().at(-1)?.session_id;

    const sigterm = Date.now();
    child.kill('SIGTERM');
    const { code, at } = await unit.exit;
    expect(code).toBe(0);
    expect(at - sigterm).toBeLessThan(EXIT_WITHIN_MS);
    expect(notify.with('STOPPING')).toHaveLength(1);

    // The last state before `offline`: silence (no volume) and darkness, within 2 s of the signal.
    const offline = await waitFor('offline', () =>
      offlineIndex(unit) >= 0 ? offlineIndex(unit) : undefined,
    );
    const lastState = received.slice(0, offline).findLast((r) => r.suffix === 'state');
    expect(lastState?.payload).toMatchObject({ phase: 'idle', light: 0, volume_db: null, session_id: null });
    expect((lastState?.at ?? Number.POSITIVE_INFINITY) - sigterm).toBeLessThanOrEqual(SILENT_WITHIN_MS);

    // The session was closed as a fault and its report went out before the unit did.
    const durable = received.filter((r) => r.suffix.startsWith('session/'));
    const stopped = durable.find((r) => r.suffix === 'session/event' && r.payload.type === 'stopped');
    expect(stopped?.payload).toMatchObject({ session_id: sessionId, end_reason: 'fault' });
    const report = durable.find((r) => r.suffix === 'session/report');
    expect(report?.payload).toMatchObject({ session_id: sessionId, end_reason: 'fault' });
    expect(received.indexOf(report as Received)).toBeLessThan(offline);

    // Outbox intact and empty: every seq it gave reached the broker, once, in order.
    const unitState = StateDir.open(stateDir);
    const outbox = new Outbox(unitState);
    const made = outbox.nextSeqValue;
    const pending = outbox.pending;
    unitState.close();
    expect(pending).toBe(0);
    expect(durable.map((r) => r.payload.seq)).toEqual([...Array(made).keys()]);
    expect(unit.stderr()).not.toMatch(/"level":(50|60)/);

    // The state dir keeps what the session did, for `nocturne logs --session`.
    const logs = await runCli(['logs', '--session', String(sessionId), '--state-dir', stateDir]);
    expect(logs.code).toBe(0);
    const { entries } = JSON.parse(logs.stdout) as { entries: { kind: string; event?: { type: string } }[] };
    expect(entries[0]).toMatchObject({ kind: 'event', event: { type: 'started', trigger: 'button' } });
    expect(entries.find((e) => e.event?.type === 'stopped')).toMatchObject({
      event: { end_reason: 'fault' },
    });
    expect(entries.some((e) => e.kind === 'samples')).toBe(true);
    expect(entries.at(-1)).toMatchObject({ kind: 'report', report: { end_reason: 'fault' } });
    expect(logs.stderr).toMatch(/event stopped .*end_reason=fault/);
  }, 60_000);

  it('a unit that cannot start exits at once: no READY=1, and the watchdog timer does not keep it alive', async () => {
    const notify = await FakeNotifySocket.open();
    cleanups.push(() => notify.close());
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    // A config that is there but invalid: the failure comes after the watchdog has started.
    const config = join(dir.path, 'unit.json');
    writeFileSync(config, JSON.stringify({ unit_id: 'Bad Id!' }));
    const failed = await runCli(['device', '--config', config], {
      env: { NOTIFY_SOCKET: notify.path, WATCHDOG_USEC: '2000000' },
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/nocturne: invalid config .*unit_id/);
    expect(notify.with('READY')).toHaveLength(0);
  });
});
