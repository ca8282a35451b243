import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { probeSpeaker, SpeakerSink } from '../../../../device/ports/audio/speaker.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { alsaFileDevice } from '../../../fakes/alsa.js';
import { runAudioSinkContract } from './contract.js';

// `speaker` reads the ALSA config of this process when it loads: point it at a file device first.
// (Vitest runs each test file in its own process.)
const alsa = alsaFileDevice();
process.env.ALSA_CONFIG_PATH = alsa.env.ALSA_CONFIG_PATH;

describe('SpeakerSink (real `speaker` into ALSA’s file plugin)', () => {
  runAudioSinkContract('speaker', () => ({
    sink: new SpeakerSink({ clock: new VirtualClock() }),
    written: () => readFileSync(alsa.rawPath),
  }));

  it('the probe survives a machine without any ALSA device, where loading speaker would abort', async () => {
    const noDevice = alsaFileDevice();
    const env = { ...noDevice.env, ALSA_CONFIG_PATH: `${noDevice.dir}/missing.conf` };
    expect(await probeSpeaker(env)).toMatchObject({ code: 'E_AUDIO_DEVICE_MISSING' });
    expect(await probeSpeaker(alsa.env)).toBeUndefined();
  });
});
