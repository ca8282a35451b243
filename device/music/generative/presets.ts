import type { ModeName } from './harmony.js';

/** One layer's sound: harmonic amplitudes (kept low and few: no harsh partials) and envelope. */
export interface Timbre {
  harmonics: readonly number[];
  /** Peak level of one note before the preset's makeup gain, linear. */
  level: number;
  attackMs: number;
  releaseMs: number;
  /** Exponential decay time for struck sounds, seconds (Infinity: sustained). */
  decayS: number;
  detuneCents: number;
  spread: number;
}

/**
 * A timbral preset: what plays and how. Registers are MIDI note numbers; every note's highest
 * harmonic stays below ~4 kHz, where sounds start to feel sharp at bedtime.
 */
export interface Preset {
  name: string;
  description: string;
  modes: readonly ModeName[];
  /** Candidate keys, pitch class 0..11 (0 = C). */
  keys: readonly number[];
  /** Scale steps stacked on each chord root (see Progression). */
  stack: readonly number[];
  beatsPerChord: number;
  pad: Timbre & { low: number; high: number };
  bass: (Timbre & { octave: number }) | null;
  /** The gentle pulse at the current tempo: a soft, low, struck note on each beat. */
  pulse: Timbre & { octave: number; accent: number; echo: number | null };
  /** Sparse high notes from the chord, on beats, with this probability. */
  bells: (Timbre & { low: number; high: number; probability: number }) | null;
  reverb: { mix: number; decayS: number };
  /** Share of the ensemble chorus (the pads' shimmer), 0..1. */
  ensemble: number;
  /** Brings the preset to PROGRAMME_LUFS (measured; tests/device/music/generative checks it). */
  makeupDb: number;
}

const warm: Preset = {
  name: 'warm',
  description: 'soft string-like pads in a major key, a low round pulse, slow chord changes',
  modes: ['ionian', 'mixolydian'],
  keys: [2, 3, 5, 7],
  stack: [2, 4, 8],
  beatsPerChord: 8,
  pad: {
    harmonics: [1, 0.45, 0.22, 0.1, 0.05, 0.025],
    level: 0.16,
    attackMs: 3000,
    releaseMs: 4000,
    decayS: Number.POSITIVE_INFINITY,
    detuneCents: 0,
    spread: 0.6,
    low: 52,
    high: 71,
  },
  bass: {
    harmonics: [1, 0.3, 0.08],
    level: 0.2,
    attackMs: 3000,
    releaseMs: 4000,
    decayS: Number.POSITIVE_INFINITY,
    detuneCents: 0,
    spread: 0.1,
    octave: 3,
  },
  pulse: {
    harmonics: [1, 0.2, 0.05],
    level: 0.3,
    attackMs: 8,
    releaseMs: 40,
    decayS: 0.3,
    detuneCents: 0,
    spread: 0.2,
    octave: 3,
    accent: 1.25,
    echo: null,
  },
  bells: null,
  reverb: { mix: 0.25, decayS: 2.5 },
  ensemble: 0.45,
  makeupDb: 0.6,
};

const airy: Preset = {
  name: 'airy',
  description: 'hollow flute-like pads in a lydian key, soft glass chimes, a light pulse',
  modes: ['lydian', 'ionian'],
  keys: [0, 2, 4, 7, 9],
  stack: [2, 4, 6],
  beatsPerChord: 16,
  pad: {
    harmonics: [1, 0.04, 0.3, 0.02, 0.12, 0.01, 0.05],
    level: 0.13,
    attackMs: 4000,
    releaseMs: 5000,
    decayS: Number.POSITIVE_INFINITY,
    detuneCents: 0,
    spread: 0.8,
    low: 57,
    high: 76,
  },
  bass: null,
  pulse: {
    harmonics: [1, 0.1],
    level: 0.18,
    attackMs: 10,
    releaseMs: 40,
    decayS: 0.25,
    detuneCents: 0,
    spread: 0.3,
    octave: 4,
    accent: 1.2,
    echo: null,
  },
  bells: {
    harmonics: [1, 0, 0.2, 0, 0.06],
    level: 0.09,
    attackMs: 6,
    releaseMs: 60,
    decayS: 1.6,
    detuneCents: 4,
    spread: 0.9,
    low: 72,
    high: 84,
    probability: 0.2,
  },
  reverb: { mix: 0.4, decayS: 3.5 },
  ensemble: 0.35,
  makeupDb: 2.1,
};

const deep: Preset = {
  name: 'deep',
  description: 'dark, low pads in a minor mode, a heartbeat-like double pulse, very slow changes',
  modes: ['dorian', 'aeolian'],
  keys: [2, 4, 7, 9],
  stack: [2, 4, 6],
  beatsPerChord: 16,
  pad: {
    harmonics: [1, 0.35, 0.12, 0.04, 0.015],
    level: 0.17,
    attackMs: 5000,
    releaseMs: 6000,
    decayS: Number.POSITIVE_INFINITY,
    detuneCents: 0,
    spread: 0.5,
    low: 45,
    high: 64,
  },
  bass: {
    harmonics: [1, 0.2],
    level: 0.22,
    attackMs: 5000,
    releaseMs: 6000,
    decayS: Number.POSITIVE_INFINITY,
    detuneCents: 0,
    spread: 0.1,
    octave: 2,
  },
  pulse: {
    harmonics: [1, 0.25, 0.06],
    level: 0.32,
    attackMs: 10,
    releaseMs: 40,
    decayS: 0.22,
    detuneCents: 0,
    spread: 0.1,
    octave: 3,
    accent: 1,
    echo: 0.28,
  },
  bells: null,
  reverb: { mix: 0.3, decayS: 3 },
  ensemble: 0.5,
  makeupDb: -0.2,
};

export const presets = { warm, airy, deep } as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof presets;
export const DEFAULT_PRESET: PresetName = 'warm';
