import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';
import { matchBeats, simulateRecording } from '../fixtures/ppg.js';

const cli = join(projectRoot(), 'dist', 'bin', 'nocturne.js');
const dir = mkdtempSync(join(tmpdir(), 'analyze-ppg-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function analyze(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'analyze-ppg', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rec = simulateRecording(30, { rateHz: 100 });
const values = [...rec.value].map((v) => v.toFixed(3));

describe('nocturne analyze-ppg', () => {
  it('reads one number per line with --rate and prints the documented JSON', () => {
    const r = analyze(file('single.txt', `${values.join('\n')}\n`), '--rate', '100');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'rate_hz',
      'beats_s',
      'bpm',
      'rmssd_ms',
      'sdnn_ms',
      'rhythm_irregularity',
      'hrv_windows',
      'windows',
    ]);
    expect(out.rate_hz).toBe(100);
    const m = matchBeats(
      out.beats_s.map((s: number) => s * 1000),
      rec.truth,
    );
    expect(m.falseBeats).toEqual([]);
    expect(out.windows).toHaveLength(12);
    expect(out.windows[1]).toMatchObject({ start_s: 2, end_s: 10 });
    expect(Object.keys(out.windows[0])).toEqual(['start_s', 'end_s', 'bpm', 'quality', 'irregular']);
    // A sinus rhythm: every window judged regular, and HRV rests on all of them.
    expect(out.windows.every((w: { irregular: boolean | null }) => w.irregular === false)).toBe(true);
    expect(out.rhythm_irregularity).toBe(0);
    expect(out.hrv_windows).toBe(12);
  });

  it('an AF-like pulse: windows judged irregular, HRV only over the regular ones', () => {
    const af = simulateRecording(40, { rateHz: 100, af: { cv: 0.25 }, seed: 3 });
    const lines = [...af.value].map((v) => v.toFixed(3)).join('\n');
    const r = analyze(file('af.txt', `${lines}\n`), '--rate', '100');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rhythm_irregularity).toBeGreaterThanOrEqual(0.8);
    expect(out.bpm).not.toBeNull();
    const regular = out.windows.filter((w: { irregular: boolean | null }) => w.irregular === false);
    expect(out.hrv_windows).toBe(regular.length);
    expect(out.hrv_windows).toBeLessThanOrEqual(0.2 * out.windows.length);
  });

  it('picks the column named like ppg and reads a jittery ISO time column', () => {
    const base = Date.UTC(2026, 0, 1, 22, 0, 0);
    const rows = values.map((v, i) => {
      const stamp = new Date(base + Math.floor((i * 10 + (i % 3)) / 16) * 16)
        .toISOString()
        .replace('T', ' ')
        .replace('Z', '');
      return `${stamp},0.5,${v}`;
    });
    const r = analyze(file('iso.csv', `Time , ECG, Pleth_IR\n${rows.join('\n')}\n`), '--time-column', 'time');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rate_hz).toBeCloseTo(100, 0);
    const first = rec.truth[0] as number;
    const last = rec.truth[rec.truth.length - 1] as number;
    expect(Math.abs(out.bpm - 60_000 / ((last - first) / (rec.truth.length - 1)))).toBeLessThan(3);
  });

  it('takes --column by 0-based index and a time column in ms named timer', () => {
    const rows = values.map((v, i) => `${v},${(i * 10).toFixed(1)}`);
    const r = analyze(
      file('timer.csv', `a,timer\n${rows.join('\n')}\n`),
      '--column',
      '0',
      '--time-column',
      'timer',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rate_hz).toBe(100);
  });

  it('a flat signal is valid: exit 0, no beats, nulls and quality 0', () => {
    const r = analyze(file('flat.csv', `${'512\n'.repeat(1500)}`), '--rate', '100');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      beats_s: [],
      bpm: null,
      rmssd_ms: null,
      sdnn_ms: null,
      rhythm_irregularity: null,
      hrv_windows: 0,
    });
    expect(out.windows.every((w: { quality: number; bpm: null }) => w.quality === 0 && w.bpm === null)).toBe(
      true,
    );
  });

  it.each([
    ['an empty file', ['empty.csv', ''], ['--rate', '100']],
    ['a header and no samples', ['header.csv', 'ppg\n'], ['--rate', '100']],
    ['a non-numeric column', ['text.csv', 'ppg\n1\n2\nthree\n'], ['--rate', '100']],
    ['a rate out of range', ['ok.csv', '1\n2\n3\n'], ['--rate', '5000']],
    ['no rate and no time column', ['ok2.csv', '1\n2\n3\n'], []],
    ['two columns and no --column', ['two.csv', 'a,b\n1,2\n3,4\n'], ['--rate', '100']],
    ['an unknown --column', ['named.csv', 'ppg\n1\n2\n'], ['--rate', '100', '--column', 'spo2']],
  ])('rejects %s with exit 2 and one line', (_what, [name, text], args) => {
    const r = analyze(file(name as string, text as string), ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^(nocturne|error): /);
  });
});
