import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import type { SessionDetail, SessionView, UnitView } from '../../shared/api.js';
import { silentLogger } from '../../shared/log.js';
import { getJson, startTestController } from '../helpers/controller.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

/** A 20-minute session at 400× takes 3 s. */
const SPEED = 400;
const SESSION_MINUTES = 20;

interface World {
  controller: RunningController;
  unit: RunningUnit;
}

const variants: { name: string; setup(dir: string): Promise<World & { dispose(): Promise<void> }> }[] = [
  {
    name: 'embedded aedes broker',
    async setup(dir) {
      const controller = await startTestController(dir);
      const login = await controller.provisionUnit('bed-7');
      const unit = await startUnitFor(controller.brokerUrl, dir, login);
      return { controller, unit, dispose: () => controller.stop() };
    },
  },
  {
    name: 'real Mosquitto',
    async setup(dir) {
      const mosquitto = await Mosquitto.start();
      const controller = await startTestController(dir, { kind: 'external', url: mosquitto.url });
      const unit = await startUnitFor(mosquitto.url, dir, {});
      return {
        controller,
        unit,
        dispose: async () => {
          await controller.stop();
          await mosquitto.dispose();
        },
      };
    },
  },
];

function startUnitFor(brokerUrl: string, dir: string, login: { username?: string; password?: string }) {
  return startUnit({
    id: 'bed-7',
    brokerUrl,
    ...login,
    speed: SPEED,
    stateDir: join(dir, 'unit-bed-7'),
    profile: 'typical',
    sessionMinutes: SESSION_MINUTES,
    sessionNow: true,
    log: silentLogger(),
  });
}

describe.each(variants)('walking skeleton with the $name', (variant) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('shows the unit online, stores a whole session, and shows it offline after it stops', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const world = await variant.setup(dir.path);
    cleanups.push(() => world.dispose());
    let unitStopped = false;
    cleanups.push(async () => {
      if (!unitStopped) await world.unit.stop();
    });

    const online = await waitFor('the unit online with a heart rate', async () => {
      const units = await getJson<UnitView[]>(world.controller, '/api/units');
      const unit = units.find((u) => u.id === 'bed-7');
      return unit?.online && unit.bpm !== null ? unit : undefined;
    });
    expect(online).toMatchObject({
      firmware: expect.stringMatching(/^nocturne-/),
      simulated: true,
      calibrated: false,
    });
    expect(online.bpm).toBeGreaterThan(40);
    expect(online.bpm).toBeLessThan(100);

    const session = await waitFor('a finished session', async () => {
      const sessions = await getJson<SessionView[]>(world.controller, '/api/units/bed-7/sessions');
      return sessions.find((s) => s.ended_at !== null && s.started_at !== null);
    });
    expect(session).toMatchObject({
      end_reason: 'timer',
      trigger: 'button',
      planned_s: SESSION_MINUTES * 60,
    });
    expect(session.duration_s).toBeGreaterThanOrEqual(SESSION_MINUTES * 60);

    const detail = await getJson<SessionDetail>(
      world.controller,
      `/api/units/bed-7/sessions/${session.session_id}`,
    );
    const phases = detail.events.filter((e) => e.type === 'phase').map((e) => e.payload.phase);
    expect(detail.events[0]?.type).toBe('started');
    expect(detail.events.at(-1)?.type).toBe('stopped');
    expect(phases.slice(0, 2)).toEqual(['settling', 'descending']);
    expect(phases.slice(-2)).toEqual(['fading', 'ended']);
    // One epoch; seq is shared with the sample batches and the report, so events only rise
    // (tests/integration/no-loss.test.ts checks that every seq arrives).
    expect(new Set(detail.events.map((e) => e.epoch)).size).toBe(1);
    const seqs = detail.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBe(0);

    await world.unit.stop();
    unitStopped = true;
    await waitFor('the unit offline', async () => {
      const unit = await getJson<UnitView>(world.controller, '/api/units/bed-7');
      return unit.online === false ? unit : undefined;
    });
    const ingest = await getJson<{ rejected: number }>(world.controller, '/api/ingest');
    expect(ingest.rejected).toBe(0);
  });
});
