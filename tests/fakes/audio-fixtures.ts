import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AudioFixtures {
  dir: string;
  /** 3 s, 44.1 kHz stereo, a 440 Hz sine at −6 dBFS, in each format; tagged with a BPM where the format has tags. */
  wav: string;
  flac: string;
  ogg: string;
  mp3: string;
  bpmTags: { flac: number; ogg: number; mp3: number };
  /** The other WAV sample layouts: 24-bit, 32-bit float, 8-bit mono at 22.05 kHz. */
  wavLayouts: { path: string; channels: number; rate: number }[];
  /** 36 s of soft clicks at 66 BPM, untagged WAV: for the tempo estimate. */
  clicks66: string;
  /** A square wave at full scale: mastered far too loud. */
  loud: string;
  /** A FLAC header followed by garbage, and a text file named .mp3. */
  corrupt: string;
  unsupported: string;
}

const sox = (...args: string[]) => execFileSync('sox', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Makes the test files with sox (CI installs sox and libsox-fmt-all). */
export function makeAudioFixtures(): AudioFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'nocturne-audio-'));
  const at = (name: string) => join(dir, name);
  const tone = ['-n', '-r', '44100', '-c', '2'];
  sox(...tone, at('tone.wav'), 'synth', '3', 'sine', '440', 'vol', '0.5');
  sox(at('tone.wav'), '--comment', 'BPM=64', at('tone.flac'));
  sox(at('tone.wav'), '--comment', 'BPM=72', at('tone.ogg'));
  sox(at('tone.wav'), at('plain.mp3'));
  sox(at('tone.wav'), '-b', '24', at('tone24.wav'));
  sox(at('tone.wav'), '-e', 'floating-point', '-b', '32', at('tonef32.wav'));
  sox(at('tone.wav'), '-b', '8', '-c', '1', '-r', '22050', at('tone8.wav'));
  writeFileSync(at('tone.mp3'), Buffer.concat([id3WithBpm(68), readFileSync(at('plain.mp3'))]));
  sox(
    '-n',
    '-r',
    '44100',
    '-c',
    '1',
    at('clicks66.wav'),
    'synth',
    '0.03',
    'sine',
    '800',
    'fade',
    '0',
    '0.03',
    '0.02',
    'pad',
    '0',
    String(60 / 66 - 0.03),
    'repeat',
    '39',
  );
  sox(...tone, at('loud.wav'), 'synth', '8', 'square', '220');
  writeFileSync(at('corrupt.flac'), Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(4000, 0x5a)]));
  writeFileSync(at('notes.mp3'), 'these are not the sounds you are looking for\n');
  return {
    dir,
    wav: at('tone.wav'),
    flac: at('tone.flac'),
    ogg: at('tone.ogg'),
    mp3: at('tone.mp3'),
    bpmTags: { flac: 64, ogg: 72, mp3: 68 },
    wavLayouts: [
      { path: at('tone24.wav'), channels: 2, rate: 44_100 },
      { path: at('tonef32.wav'), channels: 2, rate: 44_100 },
      { path: at('tone8.wav'), channels: 1, rate: 22_050 },
    ],
    clicks66: at('clicks66.wav'),
    loud: at('loud.wav'),
    corrupt: at('corrupt.flac'),
    unsupported: at('notes.mp3'),
  };
}

/** A minimal ID3v2.3 tag holding one TBPM frame (sox cannot tag MP3s). */
function id3WithBpm(bpm: number): Buffer {
  const text = Buffer.from(`\u0000${bpm}`, 'latin1');
  const frame = Buffer.alloc(10 + text.length);
  frame.write('TBPM', 0, 'ascii');
  frame.writeUInt32BE(text.length, 4);
  text.copy(frame, 10);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, frame.length]);
  return Buffer.concat([header, frame]);
}
