import type { Random } from '../../../shared/random.js';

/** Scale steps in semitones of the seven-note modes the presets use (no harsh, tense modes). */
export const MODES = {
  ionian: [0, 2, 4, 5, 7, 9, 11],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  aeolian: [0, 2, 3, 5, 7, 8, 10],
} as const satisfies Record<string, readonly number[]>;

export type ModeName = keyof typeof MODES;

export interface Chord {
  /** Scale degree of the root, 0..6. */
  degree: number;
  /** Pitch class of the root, 0..11. */
  rootPc: number;
  /** Pitch classes of the chord tones, root first. */
  pitchClasses: number[];
}

export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/**
 * A slow, consonant chord progression: a random walk over the mode's degrees that avoids
 * diminished chords, favours root motion by fourths, fifths and thirds (the smooth movements of
 * ambient and lullaby harmony) and leans back towards the tonic.
 */
export class Progression {
  private readonly steps: readonly number[];
  private readonly usable: number[];
  private degree = 0;

  constructor(
    private readonly rng: Random,
    mode: ModeName,
    private readonly keyPc: number,
    /** Scale steps stacked above the root: [2, 4, 6] = seventh chords, [2, 4, 8] = add9. */
    private readonly stack: readonly number[],
  ) {
    this.steps = MODES[mode];
    this.usable = [0, 1, 2, 3, 4, 5, 6].filter((d) => !this.isDiminished(d));
  }

  /** The tonic first, then each call moves on. */
  current(): Chord {
    return this.chordOn(this.degree);
  }

  next(): Chord {
    const weights = this.usable.map((d) => (d === this.degree ? 0 : this.weight(d)));
    let r = this.rng.next() * weights.reduce((a, b) => a + b, 0);
    let choice = this.usable[0] as number;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) {
        choice = this.usable[i] as number;
        break;
      }
    }
    this.degree = choice;
    return this.chordOn(choice);
  }

  private weight(d: number): number {
    const motion = (d - this.degree + 7) % 7;
    const byMotion = motion === 3 || motion === 4 ? 3 : motion === 2 || motion === 5 ? 2 : 1;
    return byMotion + (d === 0 ? 1 : 0);
  }

  private pcOf(degree: number): number {
    const octave = Math.floor(degree / 7);
    return (this.keyPc + (this.steps[degree % 7] as number) + 12 * octave) % 12;
  }

  private isDiminished(d: number): boolean {
    const fifth = (this.pcOf(d + 4) - this.pcOf(d) + 12) % 12;
    return fifth !== 7;
  }

  private chordOn(degree: number): Chord {
    const rootPc = this.pcOf(degree);
    return { degree, rootPc, pitchClasses: [rootPc, ...this.stack.map((s) => this.pcOf(degree + s))] };
  }
}

/**
 * Voice leading: each voice moves to the nearest chord tone in range, covering every chord tone
 * once where it can, so chords change by small steps instead of jumps.
 */
export function voiceLead(previous: readonly number[], chord: Chord, low: number, high: number): number[] {
  const candidates: number[] = [];
  for (let m = low; m <= high; m++) if (chord.pitchClasses.includes(m % 12)) candidates.push(m);
  const result: number[] = [];
  const usedPcs = new Set<number>();
  const sorted = [...previous].sort((a, b) => a - b);
  for (const prev of sorted) {
    // Never a semitone (or unison) between two voices: that rub is the one harsh sound a pad makes.
    const clear = candidates.filter((m) => result.every((r) => Math.abs(r - m) > 1));
    const fresh = clear.filter((m) => !usedPcs.has(m % 12));
    const pool = fresh.length > 0 ? fresh : clear;
    const best = nearest(pool.length > 0 ? pool : candidates, prev);
    result.push(best);
    usedPcs.add(best % 12);
  }
  return result.sort((a, b) => a - b);
}

function nearest(pool: readonly number[], target: number): number {
  let best = pool[0] as number;
  for (const m of pool) if (Math.abs(m - target) < Math.abs(best - target)) best = m;
  return best;
}
