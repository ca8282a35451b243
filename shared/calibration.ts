import type { SessionCalibration } from './schemas/program-params.js';

/**
 * The calibration defaults, in one place (CLINICAL.md "Sound level" and "Light"). Until a unit is
 * calibrated, 0 dBFS ↔ 85 dB(A) at the pillow, so the default 55 dB(A) cap is −30 dBFS; the
 * cap is never above 60 dB(A), whatever a config says.
 */
export const DEFAULT_DBA_AT_0DBFS = 85;
export const DEFAULT_CAP_DBA = 55;
export const ABSOLUTE_MAX_DBA = 60;
/** Highest light level, 0..1 perceptual, until the evening limit (≤ 10 lux melanopic EDI) is measured. */
export const DEFAULT_LIGHT_CAP = 0.3;

/** What a unit with no calibration runs with (and says so in `info`). */
export const UNCALIBRATED: SessionCalibration = Object.freeze({
  calibrated: false,
  dba_at_0dbfs: DEFAULT_DBA_AT_0DBFS,
  volume_cap_dba: DEFAULT_CAP_DBA,
  light_cap: DEFAULT_LIGHT_CAP,
});

/** The calibration a unit runs with: its config's values, the defaults for the rest. */
export function sessionCalibration(config?: {
  dba_at_0dbfs?: number | undefined;
  volume_cap_dba?: number | undefined;
  light_cap?: number | undefined;
}): SessionCalibration {
  return {
    calibrated: config?.dba_at_0dbfs !== undefined,
    dba_at_0dbfs: config?.dba_at_0dbfs ?? DEFAULT_DBA_AT_0DBFS,
    volume_cap_dba: Math.min(ABSOLUTE_MAX_DBA, config?.volume_cap_dba ?? DEFAULT_CAP_DBA),
    light_cap: config?.light_cap ?? DEFAULT_LIGHT_CAP,
  };
}
