import { errorMessage, NocturneError } from '../../shared/errors.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { DeviceRef } from './hardware-error.js';

/** The native packages adapters load lazily (optionalDependencies in package.json). */
export type NativePackage =
  | 'i2c-bus'
  | 'serialport'
  | 'node-hid'
  | 'node-libgpiod'
  | 'raspi-io'
  | 'johnny-five';

/**
 * Imports a hardware package on first use. The specifier is a variable so the build never needs the
 * package: it is optional, and absent on machines where it does not build (raspi-io off ARM).
 * A missing or unbuilt package becomes E_NATIVE_PACKAGE_MISSING naming the device and config key.
 */
export async function loadNative<T>(pkg: NativePackage, ref: DeviceRef): Promise<T> {
  const specifier: string = pkg;
  try {
    const mod = (await import(specifier)) as { default?: unknown };
    // CommonJS packages arrive as { default: module.exports, ...named }.
    return (mod.default && typeof mod.default === 'object' ? { ...mod, ...mod.default } : mod) as T;
  } catch (err) {
    throw new NocturneError(
      DeviceErrorCode.NativePackageMissing,
      `${ref.port}: ${ref.device} needs the package ${pkg}, which is not installed or did not build here ` +
        `(${errorMessage(err).split('\n')[0]}) — run npm ci on the unit (config ${ref.configKey})`,
      { port: ref.port, device: ref.device, config_key: ref.configKey, package: pkg, reason: 'package' },
      { cause: err },
    );
  }
}
