import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import type { ByteStream } from './byte-stream.js';
import { type DeviceRef, hardwareError } from './hardware-error.js';
import { loadNative } from './native.js';

export interface SerialSettings {
  baudRate: number;
  parity: 'none' | 'odd' | 'even';
}

/** Opens a serial device, or resolves undefined when its node is absent (not plugged in). */
export type OpenSerial = (
  path: string,
  settings: SerialSettings,
  ref: DeviceRef,
) => Promise<ByteStream | undefined>;

export const SERIAL_HINTS = {
  missingHint: 'plug the oximeter cable in (ls /dev/serial/by-id/) and check ports.pulse.path',
  permissionHint: 'add the service user to the dialout group (systemd/install.sh does it)',
} as const;

interface SerialPortLike extends EventEmitter {
  open(callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
  readonly isOpen: boolean;
}

type SerialPortClass = new (options: {
  path: string;
  baudRate: number;
  dataBits: 8;
  stopBits: 1;
  parity: SerialSettings['parity'];
  autoOpen: false;
}) => SerialPortLike;

/** The real serial port through `serialport`, loaded lazily. */
export const openSerial: OpenSerial = async (path, settings, ref) => {
  const r = { ...SERIAL_HINTS, ...ref };
  if (
    !(await access(path).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  const { SerialPort } = await loadNative<{ SerialPort: SerialPortClass }>('serialport', r);
  const port = new SerialPort({ path, ...settings, dataBits: 8, stopBits: 1, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    throw hardwareError(r, err);
  }
  const stream = new EventEmitter() as ByteStream;
  port.on('data', (chunk: Buffer) => stream.emit('data', chunk));
  port.on('error', (err: unknown) => stream.emit('error', err));
  port.on('close', () => stream.emit('close'));
  stream.close = () =>
    new Promise<void>((resolve) => {
      port.removeAllListeners();
      if (port.isOpen) port.close(() => resolve());
      else resolve();
    });
  return stream;
};
