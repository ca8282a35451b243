import { Random } from '../../../shared/random.js';
import { dbToGain, SAMPLE_RATE, type StereoBlock } from '../format.js';
import type { MusicSource, TempoSpan } from '../source.js';
import { Ensemble } from './ensemble.js';
import { type Chord, midiToHz, Progression, voiceLead } from './harmony.js';
import { type Preset, type PresetName, presets, type Timbre } from './presets.js';
import { Reverb } from './reverb.js';
import { SUSTAIN, Voice } from './voice.js';
import { makeWavetable, type Wavetable } from './wavetable.js';

/** Synthesis runs at half the output rate: nothing here has content above ~4 kHz. */
const BUS_RATE = SAMPLE_RATE / 2;
/** Half-rate samples per internal step (10 ms). */
const STEP = 240;

interface Layer {
  name: 'pad' | 'bass' | 'pulse' | 'bells';
  timbre: Timbre;
  table: Wavetable;
}

/**
 * The generative ambient engine: slow chord progressions voiced as soft pads through an ensemble
 * chorus, an optional bass, a gentle struck pulse on every beat at the current tempo, sparse
 * chimes, and a small reverb. Every choice comes from the seeded Random, so a seed always gives the same music.
 * Notes start and end on envelopes that begin and end at zero, and a tempo glide only changes how
 * fast the beat clock advances, so neither note boundaries nor glides can click.
 */
export class GenerativeSource implements MusicSource {
  readonly name: string;
  private readonly rng: Random;
  private readonly progression: Progression;
  private readonly layers: { pad: Layer; bass: Layer | null; pulse: Layer; bells: Layer | null };
  private readonly reverb: Reverb;
  private readonly ensemble: Ensemble;
  private readonly makeup: number;
  private readonly keyName: string;
  private readonly voices: Voice[] = [];
  private bpm = 60;
  /** The chord's sustained notes by `layer:midi`, so a change can keep the common tones. */
  private sustained = new Map<string, Voice>();
  private chord: Chord;
  private padNotes: number[];
  /** Position in beats; chord changes and pulses happen when it crosses their beat. */
  private beat = 0;
  private nextBeat = 0;
  private beatsInChord = 0;
  private readonly busL = new Float32Array(STEP);
  private readonly busR = new Float32Array(STEP);
  /** The last half-rate sample, for interpolating up to 48 kHz across steps. */
  private lastL = 0;
  private lastR = 0;
  /** Rendered 48 kHz frames not yet handed out. */
  private readonly fifoL = new Float32Array(2 * STEP);
  private readonly fifoR = new Float32Array(2 * STEP);
  private fifoStart = 0;
  private fifoEnd = 0;

  constructor(
    readonly preset: Preset,
    seed: number | string,
  ) {
    this.name = `generative:${preset.name}`;
    this.rng = new Random(`music:${preset.name}:${seed}`);
    const mode = this.rng.pick(preset.modes);
    const key = this.rng.pick(preset.keys);
    this.progression = new Progression(this.rng.fork('harmony'), mode, key, preset.stack);
    const layer = (name: Layer['name'], timbre: Timbre): Layer => ({
      name,
      timbre,
      table: makeWavetable(timbre.harmonics),
    });
    this.layers = {
      pad: layer('pad', preset.pad),
      bass: preset.bass && layer('bass', preset.bass),
      pulse: layer('pulse', preset.pulse),
      bells: preset.bells && layer('bells', preset.bells),
    };
    this.reverb = new Reverb(BUS_RATE, preset.reverb.decayS, preset.reverb.mix);
    this.ensemble = new Ensemble(BUS_RATE, preset.ensemble);
    this.makeup = dbToGain(preset.makeupDb);
    this.chord = this.progression.current();
    const mid = Math.round((preset.pad.low + preset.pad.high) / 2);
    this.padNotes = voiceLead([mid - 7, mid - 3, mid, mid + 4], this.chord, preset.pad.low, preset.pad.high);
    this.keyName = `${noteName(key)} ${mode}`;
    this.startChord();
  }

  static fromPreset(name: PresetName, seed: number | string): GenerativeSource {
    return new GenerativeSource(presets[name], seed);
  }

  describe(): Record<string, unknown> {
    return { preset: this.preset.name, key: this.keyName, beats: Math.floor(this.beat) };
  }

  render(out: StereoBlock, frames: number, tempo: TempoSpan): void {
    let written = 0;
    while (written < frames) {
      if (this.fifoStart === this.fifoEnd)
        this.step(tempo.startBpm + (tempo.endBpm - tempo.startBpm) * (written / frames));
      const n = Math.min(frames - written, this.fifoEnd - this.fifoStart);
      out.left.set(this.fifoL.subarray(this.fifoStart, this.fifoStart + n), written);
      out.right.set(this.fifoR.subarray(this.fifoStart, this.fifoStart + n), written);
      this.fifoStart += n;
      written += n;
    }
  }

  /** Renders one 10 ms step at half rate and interpolates it up into the FIFO. */
  private step(bpm: number): void {
    const L = this.busL;
    const R = this.busR;
    L.fill(0);
    R.fill(0);
    this.bpm = bpm;
    const beatsPerSample = bpm / 60 / BUS_RATE;
    const stepEnd = this.beat + beatsPerSample * STEP;
    let done = 0;
    // Split the step at every beat it crosses, so each beat's notes start on their exact sample.
    while (this.nextBeat < stepEnd) {
      const at = Math.min(STEP, Math.max(done, Math.ceil((this.nextBeat - this.beat) / beatsPerSample)));
      this.renderVoices(done, at);
      done = at;
      this.onBeat();
    }
    this.renderVoices(done, STEP);
    this.beat = stepEnd;
    this.ensemble.process(L, R, STEP);
    this.reverb.process(L, R, STEP);
    this.upsample();
  }

  private renderVoices(from: number, to: number): void {
    if (to <= from) return;
    for (const v of this.voices) v.render(this.busL, this.busR, from, to);
    for (let i = this.voices.length - 1; i >= 0; i--) if (this.voices[i]?.done) this.voices.splice(i, 1);
  }

  private onBeat(): void {
    const beatIndex = Math.round(this.nextBeat);
    this.nextBeat += 1;
    if (this.beatsInChord >= this.preset.beatsPerChord) {
      this.chord = this.progression.next();
      this.padNotes = voiceLead(this.padNotes, this.chord, this.preset.pad.low, this.preset.pad.high);
      this.startChord();
    }
    this.beatsInChord++;
    const { pulse, bells } = this.preset;
    const accent = beatIndex % 4 === 0 ? pulse.accent : 1;
    const root = this.chord.rootPc + 12 * (pulse.octave + 1);
    this.play(this.layers.pulse, root, accent * (0.9 + 0.2 * this.rng.next()), 0);
    if (pulse.echo !== null) this.play(this.layers.pulse, root, 0.6, pulse.echo);
    if (bells && this.layers.bells && this.rng.next() < bells.probability) {
      const notes: number[] = [];
      for (let m = bells.low; m <= bells.high; m++)
        if (this.chord.pitchClasses.includes(m % 12)) notes.push(m);
      this.play(
        this.layers.bells,
        this.rng.pick(notes),
        0.7 + 0.3 * this.rng.next(),
        this.rng.pick([0, 0.5]),
      );
    }
  }

  /**
   * Releases the chord that sounds and lets the new one swell in under it. A note both chords
   * share keeps sounding (a common tone held through the change, as a string section would).
   */
  private startChord(): void {
    const previous = this.sustained;
    const next = new Map<string, Voice>();
    const sustain = (layer: Layer, midi: number, pan: number) => {
      const key = `${layer.name}:${midi}`;
      next.set(key, previous.get(key) ?? this.add(layer, midi, 1, pan, SUSTAIN, 0));
      previous.delete(key);
    };
    this.padNotes.forEach((m, i) => {
      sustain(this.layers.pad, m, ((i / (this.padNotes.length - 1)) * 2 - 1) * 0.5);
    });
    const { bass } = this.preset;
    if (bass && this.layers.bass) sustain(this.layers.bass, this.chord.rootPc + 12 * (bass.octave + 1), 0);
    for (const v of previous.values()) v.release();
    this.sustained = next;
    this.beatsInChord = 0;
  }

  /** A struck note, `delayBeats` after now (the heartbeat's second beat). */
  private play(layer: Layer, midi: number, velocity: number, delayBeats: number): void {
    // Four time constants (−35 dB), then a short linear release to zero.
    const holdFrames = Math.round(4 * layer.timbre.decayS * BUS_RATE);
    const pan = (this.rng.next() * 2 - 1) * layer.timbre.spread * 0.5;
    this.add(layer, midi, velocity, pan, holdFrames, delayBeats);
  }

  private add(
    layer: Layer,
    midi: number,
    velocity: number,
    pan: number,
    hold: number,
    delayBeats: number,
  ): Voice {
    const t = layer.timbre;
    const delayFrames = Math.round((delayBeats * 60 * BUS_RATE) / this.bpm);
    const voice = new Voice({
      table: layer.table,
      frequencyHz: midiToHz(midi),
      sampleRate: BUS_RATE,
      level: t.level * velocity * this.makeup,
      detuneCents: t.detuneCents,
      pan,
      spread: t.spread,
      attackFrames: Math.round((t.attackMs / 1000) * BUS_RATE),
      holdFrames: hold,
      decayS: t.decayS,
      releaseFrames: Math.round((t.releaseMs / 1000) * BUS_RATE),
      phaseA: this.rng.next(),
      phaseB: this.rng.next(),
      delayFrames,
    });
    this.voices.push(voice);
    return voice;
  }

  /** 2× up by linear interpolation: images land above 20 kHz for content under 4 kHz. */
  private upsample(): void {
    const L = this.busL;
    const R = this.busR;
    const oL = this.fifoL;
    const oR = this.fifoR;
    let pl = this.lastL;
    let pr = this.lastR;
    for (let k = 0; k < STEP; k++) {
      const l = L[k] as number;
      const r = R[k] as number;
      oL[2 * k] = 0.5 * (pl + l);
      oR[2 * k] = 0.5 * (pr + r);
      oL[2 * k + 1] = l;
      oR[2 * k + 1] = r;
      pl = l;
      pr = r;
    }
    this.lastL = pl;
    this.lastR = pr;
    this.fifoStart = 0;
    this.fifoEnd = 2 * STEP;
  }
}

const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
function noteName(pc: number): string {
  return NOTE_NAMES[pc] as string;
}
