import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cms50dDecoder, encodeCms50dPacket } from '../../../../device/ports/pulse/cms50d-decoder.js';
import { Cms50eDecoder, encodeCms50eReport } from '../../../../device/ports/pulse/cms50e-decoder.js';
import type { OximeterFrame } from '../../../../device/ports/pulse/oximeter-frame.js';
import { chunks } from '../../../fakes/fake-byte-stream.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../fixtures/pulse/${name}`, import.meta.url)));

function decodeAll(decoder: { push(b: Uint8Array): OximeterFrame[] }, parts: Uint8Array[]): OximeterFrame[] {
  return parts.flatMap((p) => decoder.push(p));
}

describe('CMS50D+ serial decoder', () => {
  it('decodes a hand-made packet bit by bit', () => {
    // sync|signal 5, pleth 0x40, pulse bit 7 set (0x40), pulse low bits 0x05 → 133 bpm, SpO2 96.
    const [frame] = new Cms50dDecoder().push(Uint8Array.from([0x85, 0x40, 0x40, 0x05, 0x60]));
    expect(frame).toEqual({ pleth: 0x40, vitals: { bpm: 133, spo2: 96 }, finger: true });
  });

  it('replays the recorded stream: skips noise, drops the cut packet, sees the finger leave', () => {
    const bytes = fixture('cms50d-live.bin');
    for (const size of [1, 7, 64]) {
      const decoder = new Cms50dDecoder();
      const frames = decodeAll(decoder, chunks(bytes, size));
      expect(frames).toHaveLength(119 + 30);
      expect(decoder.dropped).toBe(7 + 3);
      expect(frames[0]?.vitals).toEqual({ bpm: 62, spo2: 97 });
      expect(frames.slice(0, 119).every((f) => f.finger)).toBe(true);
      expect(frames.at(-1)).toEqual({ pleth: 0, vitals: { bpm: null, spo2: null }, finger: false });
    }
  });

  it('round-trips the encoder (values above 127 bpm use the spare bit)', () => {
    const packet = encodeCms50dPacket({ pleth: 100, bpm: 180, spo2: 99, finger: true });
    expect(new Cms50dDecoder().push(packet)).toEqual([
      { pleth: 100, vitals: { bpm: 180, spo2: 99 }, finger: true },
    ]);
  });
});

describe('CMS50E HID decoder', () => {
  it('replays the recorded reports: 3 records each, noise report skipped', () => {
    const bytes = fixture('cms50e-reports.bin');
    const decoder = new Cms50eDecoder();
    const frames = decodeAll(decoder, chunks(bytes, 18));
    expect(frames.filter((f) => f.pleth !== undefined)).toHaveLength(118);
    expect(frames.filter((f) => f.vitals)).toEqual([
      { vitals: { bpm: 64, spo2: 98 }, finger: true },
      { vitals: { bpm: 64, spo2: 98 }, finger: true },
    ]);
    expect(decoder.dropped).toBe(18);
  });

  it('resyncs when a report starts mid-record (after replug)', () => {
    const report = encodeCms50eReport([{ pleth: 10 }, { pleth: 11 }, { bpm: 70, spo2: 95 }]);
    const decoder = new Cms50eDecoder();
    const frames = decoder.push(Uint8Array.from([0x03, 0x00, ...report.subarray(0, 10)]));
    expect(frames).toEqual([{ pleth: 10 }]);
    expect(decoder.push(report.subarray(10))).toEqual([
      { pleth: 11 },
      { vitals: { bpm: 70, spo2: 95 }, finger: true },
    ]);
    expect(decoder.dropped).toBe(2);
  });

  it('reads "no value" codes as no finger', () => {
    expect(new Cms50eDecoder().push(encodeCms50eReport([{ bpm: null, spo2: null }]))).toEqual([
      { vitals: { bpm: null, spo2: null }, finger: false },
    ]);
  });
});
