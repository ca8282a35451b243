import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors.js';

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
    throw new Error(result.errors[0]?.message ?? 'nothing decoded');
  }
  return {
    channels: result.channelData.map((c) => c.subarray(0, result.samplesDecoded)),
    sampleRate: result.sampleRate,
  };
}

const decoders: Record<AudioFormat, (bytes: Uint8Array) => Promise<DecodedAudio>> = {
  async wav(bytes) {
    const wav = new wavefile.WaveFile(bytes);
    // Read the format first: toBitDepth() rebuilds the fmt chunk.
    const { numChannels, sampleRate, audioFormat } = wav.fmt as Record<string, number>;
    // 1 = PCM, 3 = IEEE float, 0xFFFE = extensible (PCM or float inside).
    if (![1, 3, 0xfffe].includes(audioFormat as number))
      throw new Error(`WAV encoding ${audioFormat} is not PCM`);
    wav.toBitDepth('32f');
    const samples = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
    const channels = numChannels === 1 ? [samples as Float32Array] : (samples as Float32Array[]);
    return { channels, sampleRate: sampleRate as number };
  },
  async flac(bytes) {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const decoder = new FLACDecoder();
    await decoder.ready;
    try {
      return fromWasm(await decoder.decodeFile(bytes));
    } finally {
      decoder.free();
    }
  },
  async 'ogg-vorbis'(bytes) {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try {
      return fromWasm(await decoder.decodeFile(bytes));
    } finally {
      decoder.free();
    }
  },
  async mp3(bytes) {
    const { MPEGDecoder } = await import('mpg123-decoder');
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      return fromWasm(decoder.decode(bytes));
    } finally {
      decoder.free();
    }
  },
};
