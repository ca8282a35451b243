import { writeFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceConfigSchema } from '../../../device/config/device-config.js';
import { audioCheck, brokerCheck, clockCheck } from '../../../device/doctor/service-checks.js';
import { RealClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { alsaFileDevice } from '../../fakes/alsa.js';
import { freePort } from '../../helpers/free-port.js';
import { Mosquitto } from '../../helpers/mosquitto.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const config = (extra: object) =>
  deviceConfigSchema.parse({
    unit_id: 'bed-1',
    broker: { url: 'mqtt://127.0.0.1:1883' },
    ports: {
      pulse: { adapter: 'simulated' },
      light: { adapter: 'simulated' },
      remote: { adapter: 'simulated' },
    },
    ...extra,
  });

describe('doctor: sound, broker and clock', () => {
  const dir = useTempDirs();
  const deps = { clock: new RealClock(), log: silentLogger() };
  let mosquitto: Mosquitto;
  beforeAll(async () => {
    mosquitto = await Mosquitto.start();
  });
  afterAll(async () => mosquitto.dispose());

  it('lists the sound cards ALSA has, or says there are none', async () => {
    const cards = `${dir('asound')}-cards`;
    writeFileSync(cards, ' 0 [Headphones     ]: bcm2835_headpho - bcm2835 Headphones\n');
    expect(await audioCheck(undefined, { ...deps, cardsFile: cards })).toMatchObject({
      ok: true,
      summary: 'sound cards: Headphones',
    });
    writeFileSync(cards, '--- no soundcards ---\n');
    expect((await audioCheck(undefined, { ...deps, cardsFile: cards })).ok).toBeNull();
  });

  it('opens the configured aplay output: fails with a code on a missing device, works on a real one', async () => {
    const missing = await audioCheck(
      config({ audio: { adapter: 'aplay', device: 'hw:CARD=Nothing' } }),
      deps,
    );
    expect(missing).toMatchObject({ name: 'audio', ok: false, code: expect.stringMatching(/^E_AUDIO_/) });

    const alsa = alsaFileDevice();
    const saved = process.env.ALSA_CONFIG_PATH;
    process.env.ALSA_CONFIG_PATH = alsa.env.ALSA_CONFIG_PATH;
    try {
      expect(await audioCheck(config({ audio: { adapter: 'aplay' } }), deps)).toMatchObject({ ok: true });
    } finally {
      if (saved === undefined) delete process.env.ALSA_CONFIG_PATH;
      else process.env.ALSA_CONFIG_PATH = saved;
    }
  });

  it('logs in to the configured broker, and says what to fix when it cannot', async () => {
    const ok = await brokerCheck(config({ broker: { url: mosquitto.url } }), mqtt.connect);
    expect(ok).toMatchObject({ name: 'broker', ok: true });
    const down = await brokerCheck(
      config({ broker: { url: `mqtt://127.0.0.1:${await freePort()}` } }),
      mqtt.connect,
    );
    expect(down).toMatchObject({
      ok: false,
      code: 'E_BROKER_UNREACHABLE',
      fix: expect.stringContaining('broker.url'),
    });
  });

  it('reports the clock in UTC', async () => {
    const check = await clockCheck(Date.UTC(2026, 10, 25, 21, 0, 0));
    expect(check.name).toBe('clock');
    expect(check.summary).toContain('2026-11-25T21:00:00.000Z');
  });
});
