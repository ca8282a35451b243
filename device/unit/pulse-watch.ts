import { isTrusted } from '../program/heart.js';
import { PULSE_LOST_MS } from '../program/params.js';
import type { HeartRateEstimate } from '../signal/estimate.js';

/**
 * Tells when the pulse is lost during a session as CLINICAL.md defines it: no estimate the
 * program trusts (a valid rate at the configured quality) for 30 s. The program carries on on
 * its timer either way; this only decides what `state.faults` says.
 */
export class PulseWatch {
  private lastTrustedT: number | null = null;
  private sessionSince: number | null = null;

  constructor(
    private readonly minQuality: number,
    private readonly lostAfterMs = PULSE_LOST_MS,
  ) {}

  sessionStarted(t: number): void {
    this.sessionSince = t;
  }

  sessionEnded(): void {
    this.sessionSince = null;
  }

  estimate(e: HeartRateEstimate): void {
    if (isTrusted(e.bpm, e.quality, this.minQuality)) this.lastTrustedT = e.t;
  }

  /** True when a session has gone `lostAfterMs` without a trusted estimate. */
  lost(t: number): boolean {
    if (this.sessionSince === null) return false;
    const reference = Math.max(this.sessionSince, this.lastTrustedT ?? Number.NEGATIVE_INFINITY);
    return t - reference >= this.lostAfterMs;
  }
}
