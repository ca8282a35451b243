import type { OximeterDecoder, OximeterFrame } from './oximeter-frame.js';

/**
 * Contec CMS50D+ live stream (19200 8-O-1, ~60 five-byte packets a second). Byte 1 has bit 7 set
 * (the sync) and every other byte has it clear, so a decoder resyncs on the next byte with bit 7 set.
 *   byte 1: bits 0–3 signal strength, bit 4 finger out, bit 5 SpO2 dropping, bit 6 beat
 *   byte 2: pleth 0–127
 *   byte 3: bits 0–3 bar graph, bit 4 probe error, bit 5 searching, bit 6 pulse-rate bit 7
 *   byte 4: pulse-rate bits 0–6;   byte 5: SpO2 0–127
 * A pulse rate of 255 or 0 and an SpO2 of 127 or 0 mean "no value".
 */
export class Cms50dDecoder implements OximeterDecoder {
  private readonly packet = new Uint8Array(5);
  private length = 0;
  private droppedBytes = 0;

  get dropped(): number {
    return this.droppedBytes;
  }

  reset(): void {
    this.droppedBytes += this.length;
    this.length = 0;
  }

  push(bytes: Uint8Array): OximeterFrame[] {
    const frames: OximeterFrame[] = [];
    for (const byte of bytes) {
      if (byte & 0x80) {
        // A sync byte: whatever partial packet came before it is lost.
        this.reset();
        this.packet[0] = byte;
        this.length = 1;
        continue;
      }
      if (this.length === 0) {
        this.droppedBytes++;
        continue;
      }
      this.packet[this.length++] = byte;
      if (this.length === 5) {
        frames.push(decodeCms50dPacket(this.packet));
        this.length = 0;
      }
    }
    return frames;
  }
}

export function decodeCms50dPacket(p: Uint8Array): OximeterFrame {
  const b0 = p[0] as number;
  const b2 = p[2] as number;
  const rate = ((b2 & 0x40) << 1) | ((p[3] as number) & 0x7f);
  const spo2 = (p[4] as number) & 0x7f;
  const fingerOut = (b0 & 0x10) !== 0 || (b2 & 0x10) !== 0;
  return {
    pleth: (p[1] as number) & 0x7f,
    vitals: {
      bpm: rate === 0 || rate === 0xff ? null : rate,
      spo2: spo2 === 0 || spo2 === 0x7f ? null : spo2,
    },
    finger: !fingerOut,
  };
}

/** Encodes a packet (the fixture generator and tests use it to make byte streams). */
export function encodeCms50dPacket(f: {
  pleth: number;
  bpm: number | null;
  spo2: number | null;
  finger: boolean;
  signal?: number;
}): Uint8Array {
  const rate = f.bpm ?? 0xff;
  return Uint8Array.from([
    0x80 | ((f.signal ?? 8) & 0x0f) | (f.finger ? 0 : 0x10),
    f.pleth & 0x7f,
    (f.finger ? 0 : 0x10) | ((rate & 0x80) >> 1),
    rate & 0x7f,
    (f.spo2 ?? 0x7f) & 0x7f,
  ]);
}
