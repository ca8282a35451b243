import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readPpgCsv } from '../../../bin/ppg-input.js';
import type { PpgRecording } from '../../../device/signal/analyze.js';

/** An ECG-referenced record of ../shared/data/ppg (see its README and SOURCE.txt files). */
export interface ReferencedRecord {
  name: string;
  recording: PpgRecording;
  /** ECG R-peak times, s. */
  reference: number[];
}

export function referencedRecords(dataDir: string): ReferencedRecord[] {
  const ppg = join(dataDir, 'ppg');
  const load = (
    name: string,
    folder: string,
    file: string,
    column: string,
    rateHz: number,
  ): ReferencedRecord => {
    const recording = readPpgCsv(join(ppg, folder, file), { column, rateHz });
    const peaks = parse(readFileSync(join(ppg, folder, 'ecg_rpeaks_derived.csv'), 'utf8'), {
      from_line: 2,
    }) as string[][];
    return { name, recording, reference: peaks.map((row) => Number(row[0]) / rateHz) };
  };
  return [
    load(
      'neurokit2-bio_resting_5min',
      'neurokit2-bio_resting_5min',
      'bio_resting_5min_100hz.csv',
      'PPG',
      100,
    ),
    load('bidmc-01', 'bidmc-01', 'bidmc_01_Signals.csv', 'PLETH', 125),
  ];
}

export interface SmartphoneClip {
  id: string;
  recording: PpgRecording;
  referenceBpm: number;
  /** Expert label: heart rate readable from the clip. */
  good: boolean;
}

/** The 48 BUT PPG clips (10 s, 30 Hz, smartphone camera). */
export function smartphoneClips(dataDir: string): SmartphoneClip[] {
  const text = readFileSync(join(dataDir, 'ppg', 'but-ppg-v1', 'but_ppg_dataset.csv'), 'utf8');
  const rows = parse(text, { columns: (h: string[]) => h.map((s) => s.trim()), trim: true }) as Record<
    string,
    string
  >[];
  return rows.map((row) => {
    const value = Float64Array.from(JSON.parse(row.PPG_Signal as string) as number[]);
    const rateHz = Number(row.PPG_fs);
    return {
      id: row.ID as string,
      recording: { t: Float64Array.from(value, (_, i) => (i * 1000) / rateHz), value, rateHz },
      referenceBpm: Number(row.HR),
      good: row.Quality === '1',
    };
  });
}

/**
 * Resamples to `rateHz` with an anti-alias filter: windowed-sinc interpolation (Hann window,
 * cut-off at 0.45 × the new rate), zero-phase, so beat times are not shifted.
 */
export function resample(rec: PpgRecording, rateHz: number): PpgRecording {
  const ratio = rec.rateHz / rateHz;
  const n = Math.floor(rec.value.length / ratio);
  const out = new Float64Array(n);
  const cutoff = 0.45 / ratio;
  const half = Math.ceil(8 * ratio);
  for (let i = 0; i < n; i++) {
    const centre = i * ratio;
    const k0 = Math.floor(centre);
    let sum = 0;
    let weight = 0;
    for (let k = k0 - half; k <= k0 + half; k++) {
      if (k < 0 || k >= rec.value.length) continue;
      const d = k - centre;
      const sinc = d === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * d) / (Math.PI * d);
      const w = sinc * (0.5 + 0.5 * Math.cos((Math.PI * d) / (half + 1)));
      sum += (rec.value[k] as number) * w;
      weight += w;
    }
    out[i] = sum / weight;
  }
  return { t: Float64Array.from(out, (_, i) => (i * 1000) / rateHz), value: out, rateHz };
}
