import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measureLoudness } from '../../../device/music/loudness.js';
import { runOfflineSession } from '../../../device/music/offline-session.js';
import { samplePeak, truePeak } from '../../../device/music/true-peak.js';
import { toDb } from '../../fakes/signals.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'nocturne-render-'));

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

describe('offline session (nocturne render)', () => {
  it('same arguments give the same bytes and the same report', async () => {
    const a = await runOfflineSession({
      minutes: 1,
      out: join(dir, 'a.wav'),
      seed: '4',
      profile: 'typical',
      preset: 'warm',
    });
    const b = await runOfflineSession({
      minutes: 1,
      out: join(dir, 'b.wav'),
      seed: '4',
      profile: 'typical',
      preset: 'warm',
    });
    expect(b).toEqual(a);
    expect(readFileSync(join(dir, 'a.wav')).equals(readFileSync(join(dir, 'b.wav')))).toBe(true);
    await runOfflineSession({
      minutes: 1,
      out: join(dir, 'c.wav'),
      seed: '5',
      profile: 'typical',
      preset: 'warm',
    });
    expect(readFileSync(join(dir, 'c.wav')).equals(readFileSync(join(dir, 'a.wav')))).toBe(false);
  });

  it('never exceeds the cap, ends in silence, and reports what it wrote', async () => {
    const out = join(dir, 'cap.wav');
    // A unit calibrated loud (0 dBFS ↔ 70 dB(A)): 45 dB(A) is −25 dBFS, the cap 55 dB(A) is −15 dBFS.
    const report = await runOfflineSession({
      minutes: 2,
      out,
      seed: '1',
      profile: 'insomnia',
      preset: 'deep',
      calibration: { dbaAt0Dbfs: 70, capDba: 55 },
    });
    const { block, frames } = readWav(out);
    expect(frames).toBe(2 * 60 * 48_000);
    expect(report).toMatchObject({
      duration_s: 120,
      end_reason: 'timer',
      volume_cap_dbfs: -15,
      calm_point_s: null,
    });
    const peak = toDb(samplePeak(block));
    expect(report.peak_dbfs).toBeCloseTo(peak, 2);
    expect(peak).toBeLessThanOrEqual(-15);
    expect(toDb(truePeak(block))).toBeLessThanOrEqual(-15 + 0.05);
    expect(measureLoudness(block).maxShortTermLufs).toBeLessThanOrEqual(-15);
    const last3s = { left: block.left.subarray(-3 * 48_000), right: block.right.subarray(-3 * 48_000) };
    expect(toDb(samplePeak(last3s))).toBeLessThan(-70);
    expect(report.baseline_bpm).toBeGreaterThan(60);
    expect(report.valid_pulse_fraction).toBe(1);
  });

  it('reads a recorded heart rate (--hr-csv) and counts its gaps', async () => {
    const csv = join(dir, 'hr.csv');
    const rows = ['t_s,bpm'];
    // Seconds 30–44 have rows without a reading; seconds 50–59 have no rows at all.
    for (let t = 0; t < 50; t++) rows.push(`${t},${t >= 30 && t < 45 ? '' : 70 - t / 10}`);
    writeFileSync(csv, rows.join('\n'));
    const report = await runOfflineSession({
      minutes: 1,
      out: join(dir, 'hr.wav'),
      seed: '1',
      profile: 'typical',
      preset: 'airy',
      hrCsv: csv,
    });
    // 15 s of empty readings, and 10 s without rows of which the first 5 the last reading still covers.
    expect(report.valid_pulse_fraction).toBeCloseTo(40 / 60, 2);
    expect(report.baseline_bpm).toBeCloseTo(67.5, 0);
    expect(report.parameters).toMatchObject({ hr_csv: csv, profile: null });
  });

  it('the CLI prints exactly one JSON document, and exits 2 on bad arguments', async () => {
    const out = join(dir, 'cli.wav');
    const render = (...args: string[]) =>
      run(process.execPath, [join(process.cwd(), 'dist/bin/nocturne.js'), 'render', ...args]);
    const { stdout } = await render('--minutes', '0.1', '--out', out, '--seed', '9');
    expect(JSON.parse(stdout)).toMatchObject({
      duration_s: 6,
      seed: '9',
      end_reason: 'timer',
      volume_cap_dbfs: -30,
    });
    const badCsv = join(dir, 'bad.csv');
    writeFileSync(badCsv, 'time,heart\n1,2\n');
    for (const args of [
      ['--minutes', 'abc', '--out', out],
      ['--minutes', '1'],
      ['--minutes', '1', '--out', out, '--preset', 'loud'],
      ['--minutes', '0.1', '--out', out, '--hr-csv', badCsv],
    ]) {
      const failed = await render(...args).catch((err: { code: number; stderr: string }) => err);
      expect(failed).toMatchObject({ code: 2 });
      expect((failed as { stderr: string }).stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
  });
});
