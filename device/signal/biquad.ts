/**
 * Second-order IIR sections (Butterworth low- and high-pass, bilinear transform with
 * pre-warping), run sample by sample with no allocation. Two sections in series make the
 * detector's band-pass; the state starts at rest for the first input so a constant signal
 * gives exactly zero, never a start-up transient that looks like a pulse.
 */
export class Biquad {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  private constructor(
    private readonly b0: number,
    private readonly b1: number,
    private readonly b2: number,
    private readonly a1: number,
    private readonly a2: number,
  ) {}

  /** Butterworth low-pass, cut-off `hz` at sample rate `rateHz` (cut-off kept below Nyquist). */
  static lowPass(hz: number, rateHz: number): Biquad {
    const k = Math.tan((Math.PI * Math.min(hz, 0.45 * rateHz)) / rateHz);
    const norm = 1 / (1 + Math.SQRT2 * k + k * k);
    const b0 = k * k * norm;
    return new Biquad(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - Math.SQRT2 * k + k * k) * norm);
  }

  /** Butterworth high-pass, cut-off `hz` at sample rate `rateHz`. */
  static highPass(hz: number, rateHz: number): Biquad {
    const k = Math.tan((Math.PI * Math.min(hz, 0.45 * rateHz)) / rateHz);
    const norm = 1 / (1 + Math.SQRT2 * k + k * k);
    return new Biquad(norm, -2 * norm, norm, 2 * (k * k - 1) * norm, (1 - Math.SQRT2 * k + k * k) * norm);
  }

  /** Puts the section in its steady state for a constant input `x`. */
  settle(x: number): void {
    const gain = (this.b0 + this.b1 + this.b2) / (1 + this.a1 + this.a2);
    this.x1 = x;
    this.x2 = x;
    this.y1 = gain * x;
    this.y2 = gain * x;
  }

  /** Phase of the frequency response at `hz`, radians (for the filter's delay). */
  phaseAt(hz: number, rateHz: number): number {
    const w = (2 * Math.PI * hz) / rateHz;
    const c1 = Math.cos(w);
    const s1 = Math.sin(w);
    const c2 = Math.cos(2 * w);
    const s2 = Math.sin(2 * w);
    const num = Math.atan2(-(this.b1 * s1 + this.b2 * s2), this.b0 + this.b1 * c1 + this.b2 * c2);
    const den = Math.atan2(-(this.a1 * s1 + this.a2 * s2), 1 + this.a1 * c1 + this.a2 * c2);
    return num - den;
  }

  process(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}
