import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';

/** Decoded audio as the decoders give it: one Float32Array per channel, at the file's rate. */
export interface DecodedAudio {
  channels: Float32Array[];
  sampleRate: number;
}

export type AudioFormat = 'wav' | 'flac' | 'ogg-vorbis' | 'mp3';

/** The format from the file's first bytes (not its name: files get renamed). */
export function sniffFormat(head: Uint8Array): AudioFormat | undefined {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WAVE') return 'wav';
  if (text(0, 4) === 'fLaC') return 'flac';
  if (text(0, 4) === 'OggS') return text(28, 35) === '\u0001vorbis' ? 'ogg-vorbis' : undefined;
  if (text(0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame header: 11 sync bits, then layer bits that are not "reserved".
  if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && ((head[1] ?? 0) & 0x06) !== 0) return 'mp3';
  return undefined;
}

/**
 * Decodes a whole file with the maintained decoders from npm: wavefile (PCM and float WAV),
 * @wasm-audio-decoders/flac, @wasm-audio-decoders/ogg-vorbis and mpg123-decoder (MP3). Throws
 * E_AUDIO_FILE_UNSUPPORTED or E_AUDIO_FILE_CORRUPT with the path; the playlist skips the file.
 */
export async function decodeFile(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw corrupt(path, `cannot read: ${(err as Error).message}`);
  }
  const format = sniffFormat(bytes.subarray(0, 64));
  if (!format) {
    throw new NocturneError(
      DeviceErrorCode.AudioFileUnsupported,
      `${path}: not a WAV, FLAC, Ogg Vorbis or MP3 file`,
      { path },
    );
  }
  let decoded: DecodedAudio;
  try {
    decoded = await decoders[format](bytes);
  } catch (err) {
    throw corrupt(path, `cannot decode ${format}: ${(err as Error).message}`);
  }
  const frames = decoded.channels[0]?.length ?? 0;
  if (frames === 0 || !(decoded.sampleRate >= 8000 && decoded.sampleRate <= 384_000)) {
    throw corrupt(path, `no audio in ${format} (rate ${decoded.sampleRate}, ${frames} frames)`);
  }
  return decoded;
}

/** Splits interleaved little-endian PCM (8/16/24/32-bit integer, 32/64-bit float) into floats. */
function deinterleave(data: Uint8Array, channels: number, bits: number, float: boolean): Float32Array[] {
  const bytes = bits / 8;
  if (!(channels >= 1 && channels <= 32) || ![8, 16, 24, 32, 64].includes(bits)) {
    throw new NocturneError(
      DeviceErrorCode.AudioFileUnsupported,
      `unsupported WAV layout: ${channels} channels of ${bits} bits`,
    );
  }
  const frames = Math.floor(data.length / (bytes * channels));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read: (at: number) => number = float
    ? bits === 32
      ? (at) => view.getFloat32(at, true)
      : (at) => view.getFloat64(at, true)
    : bits === 8
      ? (at) => (view.getUint8(at) - 128) / 128
      : bits === 16
        ? (at) => view.getInt16(at, true) / 32768
        : bits === 24
          ? (at) =>
              (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
          : (at) => view.getInt32(at, true) / 2147483648;
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let c = 0; c < channels; c++) {
    const channel = out[c] as Float32Array;
    for (let i = 0, at = c * bytes; i < frames; i++, at += bytes * channels) channel[i] = read(at);
  }
  return out;
}

function corrupt(path: string, why: string): NocturneError {
  return new NocturneError(DeviceErrorCode.AudioFileCorrupt, `${path}: ${why}`, { path });
}

interface WasmResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

/** The wasm decoders report bad frames in `errors`; a file that is mostly errors is corrupt. */
function fromWasm(result: WasmResult): DecodedAudio {
  if (result.samplesDecoded === 0) {
    throw new NocturneError(DeviceErrorCode.AudioFileCorrupt, result.errors[0]?.message ?? 'nothing decoded');
  }
  return {
    channels: result.channelData.map((c) => c.subarray(0, result.samplesDecoded)),
    sampleRate: result.sampleRate,
  };
}

/** Runs one wasm decoder (loaded on first use) and always frees its memory. */
async function decodeWith<D extends { ready: Promise<void>; free(): void }>(
  decoder: D,
  decode: (decoder: D) => WasmResult | Promise<WasmResult>,
): Promise<DecodedAudio> {
  await decoder.ready;
  try {
    return fromWasm(await decode(decoder));
  } finally {
    decoder.free();
  }
}

const decoders: Record<AudioFormat, (bytes: Uint8Array) => Promise<DecodedAudio>> = {
  async wav(bytes) {
    // wavefile parses the RIFF container; its per-sample conversion is slow, so the samples
    // (plain PCM: nothing to decode) are read here straight from the data chunk.
    const wav = new wavefile.WaveFile(bytes);
    const { numChannels, sampleRate, audioFormat, bitsPerSample } = wav.fmt as Record<string, number>;
    const data = (wav.data as { samples: Uint8Array }).samples;
    const subFormat = (wav.fmt as { subformat?: number[] }).subformat?.[0];
    // 1 = PCM, 3 = IEEE float, 0xFFFE = extensible (its sub-format says which).
    const kind = audioFormat === 0xfffe ? subFormat : audioFormat;
    if (kind !== 1 && kind !== 3)
      throw new NocturneError(
        DeviceErrorCode.AudioFileUnsupported,
        `WAV encoding ${audioFormat} is not PCM or float`,
      );
    return {
      channels: deinterleave(data, numChannels as number, bitsPerSample as number, kind === 3),
      sampleRate: sampleRate as number,
    };
  },
  async flac(bytes) {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    return decodeWith(new FLACDecoder(), (d) => d.decodeFile(bytes));
  },
  async 'ogg-vorbis'(bytes) {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    return decodeWith(new OggVorbisDecoder(), (d) => d.decodeFile(bytes));
  },
  async mp3(bytes) {
    const { MPEGDecoder } = await import('mpg123-decoder');
    return decodeWith(new MPEGDecoder(), (d) => d.decode(bytes));
  },
};
