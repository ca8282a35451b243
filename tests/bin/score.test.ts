import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'score-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const PSQI = {
  bed: '23:30',
  rise: '06:30',
  latency_min: 45,
  sleep_h: 5.5,
  q5a: 2,
  q5b: 3,
  q5c: 2,
  q5d: 0,
  q5e: 1,
  q5f: 0,
  q5g: 0,
  q5h: 2,
  q5i: 1,
  q5j: 2,
  q5j_described: true,
  q6: 2,
  q7: 1,
  q8: 1,
  q9: 2,
};

describe('nocturne score', () => {
  it('prints the PSQI components and global score (DESIGN.md)', async () => {
    const r = await runCli(['score', 'psqi', file('psqi.json', PSQI)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      components: { c1: 2, c2: 2, c3: 2, c4: 1, c5: 2, c6: 1, c7: 2 },
      global: 12,
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints null components and global for a PSQI with a missing item', async () => {
    const { sleep_h: _, ...partial } = PSQI;
    const r = await runCli(['score', 'psqi', file('psqi-partial.json', partial)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      components: { c1: 2, c2: 2, c3: null, c4: null, c5: 2, c6: 1, c7: 2 },
      global: null,
    });
  });

  it('prints ISI, GAD-7 and PHQ-9 totals and bands, and the self-harm flag', async () => {
    const isi = await runCli([
      'score',
      'isi',
      file('isi.json', { i1: 2, i2: 2, i3: 1, i4: 1, i5: 1, i6: 1, i7: 0 }),
    ]);
    expect([isi.code, JSON.parse(isi.stdout)]).toEqual([0, { total: 8, band: 'subthreshold' }]);
    const gad7 = await runCli([
      'score',
      'gad7',
      file('gad7.json', { g1: 3, g2: 3, g3: 3, g4: 3, g5: 3, g6: 0, g7: 0 }),
    ]);
    expect([gad7.code, JSON.parse(gad7.stdout)]).toEqual([0, { total: 15, band: 'severe' }]);
    const phq9 = await runCli([
      'score',
      'phq9',
      file('phq9.json', { p1: 3, p2: 3, p3: 3, p4: 3, p5: 3, p6: 0, p7: 0, p8: 0, p9: 1 }),
    ]);
    expect([phq9.code, JSON.parse(phq9.stdout)]).toEqual([
      0,
      { total: 16, band: 'moderately_severe', self_harm_flag: true },
    ]);
  });

  it('prints diary nights and weekly means', async () => {
    const night = {
      date: '2026-03-28',
      bedtime: '23:00',
      sol_min: 30,
      awakenings: 2,
      waso_min: 20,
      final_wake: '06:30',
      out_of_bed: '07:00',
      quality: 3,
    };
    const r = await runCli([
      'score',
      'diary',
      file('diary.json', { timezone: 'Europe/Berlin', nights: [night] }),
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['timezone', 'nights', 'weeks']);
    // the clocks go forward that night in Berlin: 7 h in bed, not 8
    expect(out.nights).toEqual([
      {
        date: '2026-03-28',
        tib_min: 420,
        tst_min: 340,
        sol_min: 30,
        waso_min: 20,
        awakenings: 2,
        se_pct: 81,
        quality: 3,
      },
    ]);
    expect(out.weeks).toEqual([expect.objectContaining({ week: '2026-W13', nights: 1, tst_min: 340 })]);
  });

  it('exits 2 with one `path: message` line per impossible answer', async () => {
    const r = await runCli([
      'score',
      'psqi',
      file('psqi-bad.json', { ...PSQI, sleep_h: 7.5, q5c: 4, bed: '7:00' }),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^bed: expected a time HH:MM/),
      expect.stringMatching(/^q5c: expected a whole number from 0 to 3$/),
    ]);
    const tooLong = await runCli(['score', 'psqi', file('psqi-long.json', { ...PSQI, sleep_h: 7.5 })]);
    expect([tooLong.code, tooLong.stderr.trim()]).toEqual([
      2,
      'sleep_h: 7.5 h of sleep is more than the 7 h in bed from 23:30 to 06:30',
    ]);
  });

  it('exits 2 for a diary night with more sleep than time in bed', async () => {
    const bad = {
      date: '2026-03-02',
      bedtime: '23:00',
      sol_min: 400,
      awakenings: 1,
      waso_min: 60,
      final_wake: '06:30',
      out_of_bed: '07:00',
    };
    const r = await runCli(['score', 'diary', file('diary-bad.json', { nights: [bad] })]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'nights.0.sol_min: sol_min + waso_min (460 min) exceed the 450 min from bedtime to final wake',
    );
  });

  it('exits 2 for a missing file, bad JSON and an unknown measure', async () => {
    const missing = await runCli(['score', 'isi', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^nocturne: .*nope\.json.*no such file/);
    const badJson = await runCli(['score', 'isi', file('bad.json', '{"i1": 2,')]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/bad\.json: not valid JSON: /);
    const unknown = await runCli(['score', 'psqi2', file('any.json', {})]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/psqi, isi, gad7, phq9, diary/);
  });

  it('has --help naming the measures and the docs', async () => {
    const r = await runCli(['score', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: nocturne score \[options\] <measure> <file>/);
    expect(r.stdout).toMatch(/"psqi",\s+"isi",\s+"gad7",\s+"phq9",\s+"diary"/);
    expect(r.stdout).toMatch(/docs\/outcomes\.md/);
  });
});
