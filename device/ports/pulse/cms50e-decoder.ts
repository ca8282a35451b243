import type { OximeterDecoder, OximeterFrame } from './oximeter-frame.js';

/** Start byte of every CMS50E HID record. */
export const CMS50E_SYNC = 0xeb;
const RECORD = 6;

/**
 * Contec CMS50E-type units on USB HID (0x28E9:0x028A): 18-byte input reports, each three 6-byte
 * records, ~60 records a second. A record is [0xEB, kind, status, a, b, c]:
 *   kind 0: a = pleth sample;   kind 1: a = pulse rate, b = SpO2 (about once a second).
 * The decoder reads the reports as one byte stream, so a record split across reports or a report
 * that starts mid-record still decodes; it resyncs on the next 0xEB followed by a known kind.
 */
export class Cms50eDecoder implements OximeterDecoder {
  private buffer: number[] = [];
  private droppedBytes = 0;

  get dropped(): number {
    return this.droppedBytes;
  }

  reset(): void {
    this.droppedBytes += this.buffer.length;
    this.buffer = [];
  }

  push(bytes: Uint8Array): OximeterFrame[] {
    const frames: OximeterFrame[] = [];
    for (const b of bytes) this.buffer.push(b);
    let i = 0;
    while (this.buffer.length - i >= RECORD) {
      const kind = this.buffer[i + 1] as number;
      if (this.buffer[i] !== CMS50E_SYNC || (kind !== 0 && kind !== 1)) {
        i++;
        this.droppedBytes++;
        continue;
      }
      frames.push(decodeCms50eRecord(this.buffer.slice(i, i + RECORD)));
      i += RECORD;
    }
    // A partial record stays for the next report, unless it cannot be one.
    this.buffer = this.buffer.slice(i);
    return frames;
  }
}

export function decodeCms50eRecord(r: readonly number[]): OximeterFrame {
  if (r[1] === 0) return { pleth: (r[3] as number) & 0x7f };
  const bpm = r[3] as number;
  const spo2 = r[4] as number;
  const valid = bpm > 0 && bpm < 0xff && spo2 > 0 && spo2 < 0x7f;
  return {
    vitals: { bpm: bpm > 0 && bpm < 0xff ? bpm : null, spo2: spo2 > 0 && spo2 < 0x7f ? spo2 : null },
    finger: valid,
  };
}

/** Encodes records into 18-byte reports (fixtures and tests). */
export function encodeCms50eReport(
  records: readonly ({ pleth: number } | { bpm: number | null; spo2: number | null })[],
): Uint8Array {
  const out = new Uint8Array(records.length * RECORD);
  records.forEach((rec, n) => {
    const bytes =
      'pleth' in rec
        ? [CMS50E_SYNC, 0, 0, rec.pleth & 0x7f, 0, 0]
        : [CMS50E_SYNC, 1, 0, rec.bpm ?? 0xff, rec.spo2 ?? 0x7f, 0];
    out.set(bytes, n * RECORD);
  });
  return out;
}
