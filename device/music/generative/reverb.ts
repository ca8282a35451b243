/**
 * A small feedback-delay-network reverb (four lines, Householder feedback, damped): it gives the
 * pads and the pulse a room, so single notes do not sound dry and clinical. Runs on the half-rate
 * bus; the mono send keeps it cheap, the two output pairs keep it wide.
 */
const LENGTHS_24K = [1117, 1327, 1559, 1777];

export class Reverb {
  private readonly lines = LENGTHS_24K.map((n) => new Float32Array(n));
  private readonly pos = [0, 0, 0, 0];
  private readonly feedback: number[];
  private readonly lp = [0, 0, 0, 0];
  private readonly damp: number;

  constructor(
    sampleRate: number,
    decayS: number,
    private readonly mix: number,
  ) {
    // Each line loses 60 dB over decayS: g = 10^(-3·length / (rate·decay)).
    this.feedback = LENGTHS_24K.map((n) => 10 ** ((-3 * n) / (sampleRate * decayS)));
    // One-pole low-pass in the loop near 3.5 kHz: the tail darkens as it decays, like a room.
    this.damp = Math.exp((-2 * Math.PI * 3500) / sampleRate);
  }

  /** Adds the wet signal of the mono sum of (left, right) into them, in place. */
  process(left: Float32Array, right: Float32Array, n: number): void {
    const [l0, l1, l2, l3] = this.lines as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [g0, g1, g2, g3] = this.feedback as [number, number, number, number];
    let [p0, p1, p2, p3] = this.pos as [number, number, number, number];
    let [f0, f1, f2, f3] = this.lp as [number, number, number, number];
    const d = this.damp;
    const e = 1 - d;
    const wet = this.mix;
    for (let i = 0; i < n; i++) {
      const x = 0.25 * ((left[i] as number) + (right[i] as number));
      f0 = e * (l0[p0] as number) + d * f0;
      f1 = e * (l1[p1] as number) + d * f1;
      f2 = e * (l2[p2] as number) + d * f2;
      f3 = e * (l3[p3] as number) + d * f3;
      left[i] = (left[i] as number) + wet * (f0 - f2);
      right[i] = (right[i] as number) + wet * (f1 - f3);
      const h = 0.5 * (f0 + f1 + f2 + f3);
      l0[p0] = x + g0 * (f0 - h);
      l1[p1] = x + g1 * (f1 - h);
      l2[p2] = x + g2 * (f2 - h);
      l3[p3] = x + g3 * (f3 - h);
      if (++p0 === l0.length) p0 = 0;
      if (++p1 === l1.length) p1 = 0;
      if (++p2 === l2.length) p2 = 0;
      if (++p3 === l3.length) p3 = 0;
    }
    this.pos.splice(0, 4, p0, p1, p2, p3);
    this.lp.splice(0, 4, f0, f1, f2, f3);
  }
}
