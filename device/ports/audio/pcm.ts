import { PCM_BYTES_PER_FRAME, PCM_CHANNELS, PCM_SAMPLE_RATE } from './index.js';

/** Float (±1 full scale) planar stereo → S16LE interleaved, rounded, clamped. */
function toPcm16(left: Float32Array, right: Float32Array, frames: number): Buffer {
  return encodePcm16(left, right, frames, Buffer.allocUnsafe(frames * PCM_BYTES_PER_FRAME));
}

const SLAB_BYTES = 1 << 20;

/**
 * Encodes blocks into consecutive slices of 1 MiB slabs: one allocation per ~5 s of audio instead
 * of one per block, which keeps the garbage collector quiet. Sinks may keep the slices they get
 * (a child's stdin queues them); a slab is freed when no slice of it is referenced any more.
 */
export class PcmEncoder {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private used = 0;

  encode(left: Float32Array, right: Float32Array, frames: number): Buffer {
    const bytes = frames * PCM_BYTES_PER_FRAME;
    if (bytes > SLAB_BYTES) return toPcm16(left, right, frames);
    if (this.used + bytes > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + bytes);
    this.used += bytes;
    return encodePcm16(left, right, frames, out);
  }
}

function encodePcm16(left: Float32Array, right: Float32Array, frames: number, out: Buffer): Buffer {
  const view = new Int16Array(out.buffer, out.byteOffset, frames * PCM_CHANNELS);
  for (let i = 0, j = 0; i < frames; i++, j += 2) {
    view[j] = toInt16(left[i] as number);
    view[j + 1] = toInt16(right[i] as number);
  }
  return out;
}

/** Scales, rounds half away from zero to an int32 (cheap to store), then clamps to 16 bits. */
function toInt16(x: number): number {
  const v = x * 32767;
  const r = (v >= 0 ? v + 0.5 : v - 0.5) | 0;
  return Math.min(32767, Math.max(-32768, r));
}

/** The 44-byte header of a 48 kHz stereo 16-bit PCM WAV file holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(PCM_CHANNELS, 22);
  h.writeUInt32LE(PCM_SAMPLE_RATE, 24);
  h.writeUInt32LE(PCM_SAMPLE_RATE * PCM_BYTES_PER_FRAME, 28);
  h.writeUInt16LE(PCM_BYTES_PER_FRAME, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}
