import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measureLoudness } from '../../../device/music/loudness.js';
import { samplePeak, truePeak } from '../../../device/music/true-peak.js';
import { renderSession } from '../../../device/render/render-session.js';
import { sessionReportBodySchema } from '../../../shared/schemas/session-report.js';
import { toDb } from '../../fakes/signals.js';
import { NOCTURNE_BIN } from '../../helpers/cli.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
const RATE = 48_000;

/** Reads a 16-bit stereo WAV written by the WAV sink into float channels. */
function readWav(path: string) {
  const file = readFileSync(path);
  const samples = new Int16Array(file.buffer, file.byteOffset + 44, (file.length - 44) / 2);
  const frames = samples.length / 2;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = (samples[2 * i] as number) / 32767;
    right[i] = (samples[2 * i + 1] as number) / 32767;
  }
  return { file, block: { left, right }, frames };
}

const lastSeconds = (block: { left: Float32Array; right: Float32Array }, s: number) => ({
  left: block.left.subarray(-s * RATE),
  right: block.right.subarray(-s * RATE),
});

describe('nocturne render: the whole program offline, into a WAV file', () => {
  const dir = useTempDirs();

  it('gives the same bytes and the same report for the same arguments, and other bytes for another seed', async () => {
    const out = dir('r');
    const options = { minutes: 2, seed: '4', profile: 'typical', preset: 'warm' } as const;
    const a = await renderSession({ ...options, out: `${out}-a.wav` });
    const b = await renderSession({ ...options, out: `${out}-b.wav` });
    expect(b).toEqual(a);
    expect(readFileSync(`${out}-a.wav`).equals(readFileSync(`${out}-b.wav`))).toBe(true);
    await renderSession({ ...options, seed: '5', out: `${out}-c.wav` });
    expect(readFileSync(`${out}-c.wav`).equals(readFileSync(`${out}-a.wav`))).toBe(false);
  });

  it('renders a full 45-minute insomnia session: timer fallback, under the cap, ending in silence', async () => {
    const out = `${dir('r')}.wav`;
    const report = await renderSession({ minutes: 45, out, seed: '1', profile: 'insomnia', preset: 'deep' });
    expect(sessionReportBodySchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      end_reason: 'timer',
      calm_point_s: null,
      fade_cause: 'timer',
      volume_cap_dbfs: -30,
    });
    expect(report.duration_s).toBeCloseTo(45 * 60, 0);
    const { block, frames } = readWav(out);
    // The audio is the session, from its first frame, plus a few seconds of silence.
    expect(frames / RATE).toBeGreaterThanOrEqual(report.duration_s);
    expect(frames / RATE).toBeLessThan(report.duration_s + 5);
    const peak = toDb(samplePeak(block));
    expect(report.peak_dbfs).toBeCloseTo(peak, 1);
    expect(peak).toBeLessThanOrEqual(-30);
    expect(toDb(truePeak(block))).toBeLessThanOrEqual(-30 + 0.05);
    expect(measureLoudness(block).maxShortTermLufs).toBeLessThanOrEqual(-30);
    expect(toDb(samplePeak(lastSeconds(block, 3)))).toBeLessThan(-70);
    expect(report.params).toMatchObject({
      music: { source: 'generative', preset: 'deep' },
      heart_rate: { source: 'simulated', profile: 'insomnia', trace_file: null },
    });
  }, 120_000);

  it('follows a typical sleeper to a calm point and fades before the timer', async () => {
    const out = `${dir('r')}.wav`;
    const report = await renderSession({ minutes: 45, out, seed: '2', profile: 'typical', preset: 'airy' });
    expect(report.end_reason).toBe('calm');
    expect(report.calm_point_s).not.toBeNull();
    expect(report.fade_start_s).toBeLessThan(45 * 60);
    expect(report.duration_s).toBeLessThan(45 * 60);
    const { block } = readWav(out);
    expect(toDb(samplePeak(lastSeconds(block, 3)))).toBeLessThan(-70);
  }, 120_000);

  it('reads a recorded heart rate (--hr-csv) and reports its gaps', async () => {
    const csv = `${dir('hr')}.csv`;
    const rows = ['t_s,bpm'];
    // A pulse that settles from 72 to 62, lost (empty readings) between minute 10 and minute 14.
    for (let t = 0; t <= 25 * 60; t += 2) {
      rows.push(`${t},${t >= 600 && t < 840 ? '' : (62 + 10 * Math.exp(-t / 600)).toFixed(1)}`);
    }
    writeFileSync(csv, rows.join('\n'));
    const report = await renderSession({
      minutes: 20,
      out: `${dir('hr')}.wav`,
      seed: '1',
      profile: 'typical',
      preset: 'warm',
      hrCsv: csv,
    });
    expect(report.valid_pulse_fraction).toBeLessThan(1);
    expect(report.pulse_gaps.some((g) => g.start_s <= 640 && g.end_s >= 800)).toBe(true);
    expect(report.params.heart_rate).toEqual({ source: 'trace', profile: null, trace_file: csv });
  }, 60_000);

  it('prints exactly one JSON document, and exits 2 with a message on bad arguments', async () => {
    const out = `${dir('cli')}.wav`;
    const render = (...args: string[]) => run(process.execPath, [NOCTURNE_BIN, 'render', ...args]);
    const { stdout } = await render('--minutes', '0.5', '--out', out, '--seed', '9');
    const report = JSON.parse(stdout);
    expect(sessionReportBodySchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ seed: '9', volume_cap_dbfs: -30 });
    const badCsv = `${dir('bad')}.csv`;
    writeFileSync(badCsv, 'time,heart\n1,2\n');
    for (const args of [
      ['--minutes', 'abc', '--out', out],
      ['--minutes', '1'],
      ['--minutes', '1', '--out', out, '--preset', 'loud'],
      ['--minutes', '0.1', '--out', out, '--hr-csv', badCsv],
    ]) {
      const failed = await render(...args).catch((err: { code: number; stderr: string }) => err);
      expect(failed, args.join(' ')).toMatchObject({ code: 2 });
      expect((failed as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
