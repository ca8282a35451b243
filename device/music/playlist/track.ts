import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseFile } from 'music-metadata';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import { SAMPLE_RATE } from '../format.js';
import { measureLoudness } from '../loudness.js';
import { PROGRAMME_LUFS } from '../source.js';
import { decodeFile, sniffFormat } from './decode.js';
import { resample } from './resample.js';
import { estimateTempo } from './tempo-estimate.js';

export interface TrackInfo {
  path: string;
  title: string;
  /** Tempo in BPM, from the file's tag or the built-in estimate; null when neither gives one. */
  bpm: number | null;
  bpmSource: 'tag' | 'estimate' | null;
}

/** A track ready to play: 48 kHz stereo float, DC removed, normalised to PROGRAMME_LUFS. */
export interface PreparedTrack {
  info: TrackInfo;
  left: Float32Array;
  right: Float32Array;
  /** Integrated loudness as decoded, LUFS, and the gain applied to reach PROGRAMME_LUFS. */
  loudnessLufs: number;
  gainDb: number;
}

/** Quiet files are raised at most this much (more would lift their noise floor into the room). */
const MAX_BOOST_DB = 20;

/** Title and tempo from the tags (music-metadata); a tag outside 20–300 BPM is ignored. */
export async function readTrackInfo(path: string): Promise<TrackInfo> {
  if (!sniffFormat(await readHead(path))) {
    throw new NocturneError(
      DeviceErrorCode.AudioFileUnsupported,
      `${path}: not a WAV, FLAC, Ogg Vorbis or MP3 file`,
      {
        path,
      },
    );
  }
  try {
    const meta = await parseFile(path, { duration: false, skipCovers: true });
    const bpm = meta.common.bpm;
    const tagged = typeof bpm === 'number' && bpm >= 20 && bpm <= 300;
    return {
      path,
      title: meta.common.title ?? basename(path),
      bpm: tagged ? bpm : null,
      bpmSource: tagged ? 'tag' : null,
    };
  } catch (err) {
    throw new NocturneError(DeviceErrorCode.AudioFileCorrupt, `${path}: ${(err as Error).message}`, { path });
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  try {
    const file = await open(path, 'r');
    try {
      const head = new Uint8Array(64);
      await file.read(head, 0, 64, 0);
      return head;
    } finally {
      await file.close();
    }
  } catch (err) {
    throw new NocturneError(
      DeviceErrorCode.AudioFileCorrupt,
      `${path}: cannot read: ${(err as Error).message}`,
      {
        path,
      },
    );
  }
}

/** Decodes, mixes to stereo, resamples to 48 kHz, removes DC and normalises a track. */
export async function prepareTrack(info: TrackInfo): Promise<PreparedTrack> {
  const decoded = await decodeFile(info.path);
  const [first, second] = decoded.channels as [Float32Array, Float32Array | undefined];
  // Mono plays on both sides; more than two channels keep the front pair.
  let left = resample(first, decoded.sampleRate, SAMPLE_RATE);
  let right = second ? resample(second, decoded.sampleRate, SAMPLE_RATE) : left.slice();
  left = removeDc(left);
  right = removeDc(right);
  const loudness = measureLoudness({ left, right }).integratedLufs;
  if (!Number.isFinite(loudness)) {
    throw new NocturneError(DeviceErrorCode.AudioFileCorrupt, `${info.path}: the file is silent`, {
      path: info.path,
    });
  }
  const gainDb = Math.min(MAX_BOOST_DB, PROGRAMME_LUFS - loudness);
  const gain = 10 ** (gainDb / 20);
  for (let i = 0; i < left.length; i++) {
    left[i] = (left[i] as number) * gain;
    right[i] = (right[i] as number) * gain;
  }
  const withTempo = info.bpm === null ? { ...info, ...estimatedTempo(left, right) } : info;
  return { info: withTempo, left, right, loudnessLufs: loudness, gainDb };
}

function estimatedTempo(left: Float32Array, right: Float32Array): Pick<TrackInfo, 'bpm' | 'bpmSource'> {
  const mono = new Float32Array(left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * ((left[i] as number) + (right[i] as number));
  const estimate = estimateTempo(mono, SAMPLE_RATE);
  return estimate
    ? { bpm: Math.round(estimate.bpm * 10) / 10, bpmSource: 'estimate' }
    : { bpm: null, bpmSource: null };
}

/** One-pole high-pass at ~5 Hz: removes a file's DC offset without touching the music. */
function removeDc(x: Float32Array): Float32Array {
  const r = 1 - (2 * Math.PI * 5) / SAMPLE_RATE;
  let prevIn = 0;
  let prevOut = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    prevOut = v - prevIn + r * prevOut;
    prevIn = v;
    x[i] = prevOut;
  }
  return x;
}
