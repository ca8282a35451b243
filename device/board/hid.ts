import { EventEmitter } from 'node:events';
import { NocturneError } from '../../shared/errors.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { ByteStream } from './byte-stream.js';
import type { DeviceRef } from './hardware-error.js';
import { loadNative } from './native.js';

export interface HidMatch {
  vendorId: number;
  productId: number;
  /** USB interface number, for devices with several (a remote's keyboard and consumer interfaces). */
  interface?: number;
}

/** Opens the first matching HID device, or resolves undefined when none is plugged in. */
export type OpenHid = (match: HidMatch, ref: DeviceRef) => Promise<ByteStream | undefined>;

export const HID_HINTS = {
  missingHint: 'plug the device in (lsusb) and check the vendor_id/product_id',
  permissionHint: 'install systemd/99-nocturne.rules (hidraw access for the plugdev group) and replug',
} as const;

interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  interface: number;
}

interface HidAsyncLike extends EventEmitter {
  close(): Promise<void>;
}

interface NodeHid {
  devicesAsync(vendorId: number, productId: number): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidAsyncLike> };
}

/** The real device through node-hid (hidraw on Linux), loaded lazily. */
export const openHid: OpenHid = async (match, ref) => {
  const r = { ...HID_HINTS, ...ref };
  const hid = await loadNative<NodeHid>('node-hid', r);
  const found = (await hid.devicesAsync(match.vendorId, match.productId)).find(
    (d) => d.path !== undefined && (match.interface === undefined || d.interface === match.interface),
  );
  if (!found?.path) return undefined;
  let device: HidAsyncLike;
  try {
    device = await hid.HIDAsync.open(found.path);
  } catch (err) {
    // Enumerated but not openable: hidraw nodes are root-only without a udev rule.
    throw new NocturneError(
      DeviceErrorCode.DevicePermission,
      `${r.port}: ${r.device}: cannot open ${found.path} — ${r.permissionHint} (config ${r.configKey})`,
      {
        port: r.port,
        device: r.device,
        config_key: r.configKey,
        reason: 'permission',
        fix: r.permissionHint,
      },
      { cause: err },
    );
  }
  const stream = new EventEmitter() as ByteStream;
  device.on('data', (report: Buffer) => stream.emit('data', report));
  // node-hid reports an unplug as a read error.
  device.on('error', (err: unknown) => stream.emit('error', err));
  stream.close = async () => {
    device.removeAllListeners();
    await device.close().catch(() => undefined);
  };
  return stream;
};
