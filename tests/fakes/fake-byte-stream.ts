import { EventEmitter } from 'node:events';
import type { ByteStream } from '../../device/board/byte-stream.js';

/** An open serial port or HID device that a test feeds bytes into and can "unplug". */
export class FakeByteStream extends EventEmitter implements ByteStream {
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Delivers the chunks as the transport would (serial: any size; HID: one report each). */
  feed(chunks: Iterable<Uint8Array>): void {
    for (const chunk of chunks) this.emit('data', Buffer.from(chunk));
  }

  unplug(): void {
    this.emit('error', Object.assign(new Error('could not read from HID device'), { code: 'ENODEV' }));
  }
}

/** Splits bytes into chunks of `size` (a serial driver's reads, or HID reports). */
export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
