import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AplaySink } from '../../../../device/ports/audio/aplay.js';
import { NullAudioSink } from '../../../../device/ports/audio/null.js';
import { WavFileSink } from '../../../../device/ports/audio/wav-file.js';
import { VirtualClock } from '../../../../shared/clock.js';
import { alsaFileDevice } from '../../../fakes/alsa.js';
import { pattern, runAudioSinkContract } from './contract.js';

describe('AudioSink contract', () => {
  runAudioSinkContract('null', () => ({ sink: new NullAudioSink() }));

  runAudioSinkContract('wav', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nocturne-wav-')), 'out.wav');
    const sink = new WavFileSink(path);
    return { sink, written: () => readFileSync(path).subarray(44) };
  });

  runAudioSinkContract('aplay', () => {
    const alsa = alsaFileDevice();
    const sink = new AplaySink({ clock: new VirtualClock(), env: alsa.env });
    return { sink, written: () => readFileSync(alsa.rawPath) };
  });
});

describe('WavFileSink', () => {
  it('writes a valid 48 kHz stereo 16-bit header with the data size, and the sample peak', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nocturne-wav-')), 'out.wav');
    const sink = new WavFileSink(path);
    await sink.start();
    sink.write(pattern(48_000));
    await sink.stop();
    const file = readFileSync(path);
    expect(file.toString('ascii', 0, 4)).toBe('RIFF');
    expect(file.readUInt32LE(4)).toBe(file.length - 8);
    expect(file.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(file.readUInt16LE(20)).toBe(1);
    expect(file.readUInt16LE(22)).toBe(2);
    expect(file.readUInt32LE(24)).toBe(48_000);
    expect(file.readUInt16LE(34)).toBe(16);
    expect(file.readUInt32LE(40)).toBe(48_000 * 4);
    expect(sink.peakDbfs).toBeCloseTo(20 * Math.log10(1000 / 32767), 6);
  });

  it('a file it cannot write is reported as a fault with a code, not thrown from write', async () => {
    const sink = new WavFileSink('/proc/nocturne-cannot-write-here.wav');
    await expect(sink.start()).rejects.toThrow();
    expect(sink.write(pattern(10))).toBe(false);
    expect(sink.stats().framesDropped).toBe(10);
  });
});

describe('AplaySink', () => {
  it('reports a missing aplay binary as E_AUDIO_DEVICE_MISSING and keeps retrying', async () => {
    const clock = new VirtualClock();
    const sink = new AplaySink({ clock, command: '/nonexistent/aplay' });
    const faults: string[] = [];
    sink.onFault((err) => faults.push(err.code));
    await expect(sink.start()).rejects.toMatchObject({ code: 'E_AUDIO_DEVICE_MISSING' });
    expect(sink.status()).toMatchObject({ adapter: 'aplay', ok: false, code: 'E_AUDIO_DEVICE_MISSING' });
    expect(sink.write(pattern(100))).toBe(false);
    expect(clock.pendingTimers).toBe(1);
    await sink.stop();
    expect(clock.pendingTimers).toBe(0);
    expect(faults).toEqual(['E_AUDIO_DEVICE_MISSING']);
  });

  it('reports an ALSA device that does not exist as E_AUDIO_DEVICE_MISSING', async () => {
    const alsa = alsaFileDevice();
    const clock = new VirtualClock();
    const sink = new AplaySink({ clock, env: alsa.env, device: 'hw:CARD=NoSuchCard' });
    const fault = new Promise<string>((resolve) => sink.onFault((err) => resolve(err.code)));
    await sink.start().catch(() => {});
    sink.write(pattern(4800));
    expect(await fault).toBe('E_AUDIO_DEVICE_MISSING');
    expect(sink.status()).toMatchObject({ ok: false, code: 'E_AUDIO_DEVICE_MISSING' });
    await sink.stop();
  });
});
