/**
 * The per-unit calibration between digital level and sound at the pillow (CLINICAL.md "Sound
 * level"): dB(A) = dBFS + dbaAt0Dbfs, where dBFS is the gain stage's level applied to programme
 * material normalised to PROGRAMME_LUFS. Default until calibrated: 0 dBFS ↔ 85 dB(A), so the
 * 55 dB(A) default cap is −30 dBFS.
 */
export interface Calibration {
  /** dB(A) at the pillow for a 0 dBFS level. */
  dbaAt0Dbfs: number;
  /** Hard cap, dB(A) at the pillow. */
  capDba: number;
}

import { ABSOLUTE_MAX_DBA, DEFAULT_CAP_DBA, DEFAULT_DBA_AT_0DBFS } from '../../shared/calibration.js';

export { ABSOLUTE_MAX_DBA, DEFAULT_CAP_DBA, DEFAULT_DBA_AT_0DBFS };

/** Maps levels both ways and holds the cap; the cap can only ever be lowered, never raised past 60. */
export class LevelMap {
  readonly dbaAt0Dbfs: number;
  readonly capDba: number;

  constructor(calibration: Partial<Calibration> = {}) {
    this.dbaAt0Dbfs = calibration.dbaAt0Dbfs ?? DEFAULT_DBA_AT_0DBFS;
    this.capDba = Math.min(ABSOLUTE_MAX_DBA, calibration.capDba ?? DEFAULT_CAP_DBA);
    if (!Number.isFinite(this.dbaAt0Dbfs) || !Number.isFinite(this.capDba)) {
      throw new RangeError('calibration values must be numbers');
    }
  }

  /** The cap as a digital level: the limiter's ceiling and the gain stage's highest level. */
  get capDbfs(): number {
    return this.capDba - this.dbaAt0Dbfs;
  }

  toDbfs(dba: number): number {
    return dba - this.dbaAt0Dbfs;
  }

  toDba(dbfs: number): number {
    return dbfs + this.dbaAt0Dbfs;
  }

  /** A requested level in dB(A), held under the cap. */
  capped(dba: number): number {
    return Math.min(this.capDba, dba);
  }
}
