import type { Port } from '../port.js';

/**
 * Where the music goes: a sound device (in process through `speaker`, or an `aplay` child process),
 * a WAV file, or nowhere. Every sink takes the same fixed format, 48 kHz stereo signed 16-bit
 * little-endian interleaved PCM; the music chain converts its float output with `PcmEncoder` (pcm.ts).
 *
 * A sink never throws from `write` and never stops the unit: while its device is missing or has
 * failed, audio is dropped (and counted), the fault is reported through `onFault` with a code
 * from device/errors/codes.ts, and the sink keeps trying to come back.
 */
export interface AudioSink extends Port {
  /** Queues PCM frames (S16LE, 2 channels, 48 kHz). Returns false if they were dropped. */
  write(pcm: Buffer): boolean;
  stats(): AudioSinkStats;
}

export interface AudioSinkStats {
  /** Frames handed to the device (or file). */
  framesWritten: number;
  /** Frames dropped because the device was down or too far behind. */
  framesDropped: number;
  /** Times the device was reopened after a failure. */
  restarts: number;
}

export const PCM_SAMPLE_RATE = 48_000;
export const PCM_CHANNELS = 2;
export const PCM_BYTES_PER_FRAME = 4;

/** The adapters, as the config names them. `auto`: `speaker` when it loads here, else `aplay`. */
export const audioAdapters = ['auto', 'speaker', 'aplay', 'wav', 'null'] as const;
export type AudioAdapterName = (typeof audioAdapters)[number];
