import { type DeviceRef, hardwareError } from './hardware-error.js';
import { loadNative } from './native.js';

/** The part of i2c-bus's promisified bus the drivers use (tests give a register-level fake). */
export interface I2cBus {
  i2cRead(address: number, length: number, buffer: Buffer): Promise<{ bytesRead: number; buffer: Buffer }>;
  i2cWrite(
    address: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesWritten: number; buffer: Buffer }>;
  readI2cBlock(
    address: number,
    command: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
  writeI2cBlock(
    address: number,
    command: number,
    length: number,
    buffer: Buffer,
  ): Promise<{ bytesWritten: number; buffer: Buffer }>;
  readByte(address: number, command: number): Promise<number>;
  writeByte(address: number, command: number, byte: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens /dev/i2c-N. Injected into drivers so tests can hand them a fake bus. */
export type OpenI2cBus = (busNumber: number, ref: DeviceRef) => Promise<I2cBus>;

export const I2C_HINTS = {
  missingHint:
    'enable I2C: add dtparam=i2c_arm=on to /boot/firmware/config.txt and reboot (see systemd/README.md)',
  permissionHint: 'add the service user to the i2c group (systemd/install.sh does it)',
} as const;

/** Opens a real bus through i2c-bus, loaded lazily. */
export const openI2cBus: OpenI2cBus = async (busNumber, ref) => {
  const i2c = await loadNative<{ openPromisified(n: number): Promise<I2cBus> }>('i2c-bus', ref);
  try {
    return await i2c.openPromisified(busNumber);
  } catch (err) {
    throw hardwareError({ ...I2C_HINTS, ...ref }, err);
  }
};

/** A device at one address: big-endian register access as the datasheets describe it. */
export class I2cDevice {
  constructor(
    readonly bus: I2cBus,
    readonly address: number,
  ) {}

  async readRegister(register: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.bus.readI2cBlock(this.address, register, length, buffer);
    if (bytesRead !== length)
      throw Object.assign(new Error(`short read from 0x${hex(register)}`), { code: 'EIO' });
    return buffer;
  }

  async writeRegister(register: number, bytes: readonly number[]): Promise<void> {
    await this.bus.writeI2cBlock(this.address, register, bytes.length, Buffer.from(bytes));
  }

  async readByte(register: number): Promise<number> {
    return this.bus.readByte(this.address, register);
  }

  async writeByte(register: number, value: number): Promise<void> {
    await this.bus.writeByte(this.address, register, value & 0xff);
  }

  async readUint16(register: number): Promise<number> {
    return (await this.readRegister(register, 2)).readUInt16BE(0);
  }

  async writeUint16(register: number, value: number): Promise<void> {
    await this.writeRegister(register, [(value >> 8) & 0xff, value & 0xff]);
  }
}

export function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
