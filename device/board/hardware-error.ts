import { errorMessage, NocturneError } from '../../shared/errors.js';
import { DeviceErrorCode } from '../errors/codes.js';

export type HardwarePortName = 'light' | 'pulse' | 'remote';

/** Names a device for error messages and doctor: which port, what it is, and its config key. */
export interface DeviceRef {
  port: HardwarePortName;
  /** What and where, e.g. "PCA9685 on /dev/i2c-1 at 0x40". */
  device: string;
  /** The config key that chose it, e.g. "ports.light". */
  configKey: string;
  /** What to do when the device node is absent (enable an overlay, plug it in). */
  missingHint?: string;
  /** What to do on a permission error (the group that owns the node). */
  permissionHint?: string;
  /** What to do when nothing answers (I2C address, wiring). */
  noAnswerHint?: string;
}

/** Why a device could not be used, for doctor's one-line advice. */
export type HardwareReason = 'not_present' | 'permission' | 'no_answer' | 'busy' | 'package' | 'failed';

export const MISSING_CODE: Record<HardwarePortName, string> = {
  light: DeviceErrorCode.LightDeviceMissing,
  pulse: DeviceErrorCode.PulseDeviceMissing,
  remote: DeviceErrorCode.RemoteDeviceMissing,
};

/**
 * Turns an errno from a device node into a coded error that names the device, the config key and
 * the fix. A NocturneError passes through unchanged.
 */
export function hardwareError(ref: DeviceRef, err: unknown): NocturneError {
  if (err instanceof NocturneError) return err;
  const errno = (err as { code?: unknown }).code;
  const [code, reason, hint] = classify(ref, typeof errno === 'string' ? errno : undefined);
  const fix = hint ? ` — ${hint}` : '';
  return new NocturneError(
    code,
    `${ref.port}: ${ref.device}: ${errorMessage(err)}${fix} (config ${ref.configKey})`,
    { port: ref.port, device: ref.device, config_key: ref.configKey, reason, ...(hint ? { fix: hint } : {}) },
    { cause: err },
  );
}

/** A coded error for a device that is simply not there (no node, no match in enumeration). */
export function deviceMissing(ref: DeviceRef, what: string): NocturneError {
  const fix = ref.missingHint ? ` — ${ref.missingHint}` : '';
  return new NocturneError(
    MISSING_CODE[ref.port],
    `${ref.port}: ${ref.device}: ${what}${fix} (config ${ref.configKey})`,
    {
      port: ref.port,
      device: ref.device,
      config_key: ref.configKey,
      reason: 'not_present',
      ...(ref.missingHint ? { fix: ref.missingHint } : {}),
    },
  );
}

function classify(ref: DeviceRef, errno: string | undefined): [string, HardwareReason, string | undefined] {
  switch (errno) {
    case 'ENOENT':
    case 'ENODEV':
      return [MISSING_CODE[ref.port], 'not_present', ref.missingHint];
    case 'EACCES':
    case 'EPERM':
      return [DeviceErrorCode.DevicePermission, 'permission', ref.permissionHint];
    case 'ENXIO':
    case 'EREMOTEIO':
    case 'EIO':
    case 'ETIMEDOUT':
      return [MISSING_CODE[ref.port], 'no_answer', ref.noAnswerHint];
    case 'EBUSY':
      return [
        DeviceErrorCode.DeviceBusy,
        'busy',
        'another process is using it (stop it, or pick another one)',
      ];
    default:
      return [MISSING_CODE[ref.port], 'failed', undefined];
  }
}
