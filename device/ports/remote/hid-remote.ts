import type { Clock } from '../../../shared/clock.js';
import type { ByteStream } from '../../board/byte-stream.js';
import { type DeviceRef, deviceMissing, hardwareError } from '../../board/hardware-error.js';
import { HID_HINTS, type HidMatch, type OpenHid, openHid } from '../../board/hid.js';
import { HotplugDevice } from '../../board/hotplug.js';
import { RemoteAdapterBase } from './buttons.js';
import { HidKeyDecoder, type HidReportKind } from './hid-keys.js';
import type { RemoteButton } from './index.js';

export interface HidRemoteOptions {
  clock: Clock;
  match: HidMatch;
  report: HidReportKind;
  keymap?: Readonly<Record<number, RemoteButton>>;
  openHid?: OpenHid;
  /** Where hidraw nodes appear (tests use a temp dir). */
  devDir?: string;
}

/** A USB HID remote or keypad (node-hid), reconnected when it is unplugged and plugged in again. */
export class HidRemote extends RemoteAdapterBase {
  private readonly ref: DeviceRef;
  private readonly decoder: HidKeyDecoder;
  private readonly device: HotplugDevice<ByteStream>;

  constructor(private readonly o: HidRemoteOptions) {
    super('hid');
    const id = `${hex4(o.match.vendorId)}:${hex4(o.match.productId)}`;
    this.ref = { port: 'remote', device: `HID remote ${id}`, configKey: 'ports.remote', ...HID_HINTS };
    this.decoder = new HidKeyDecoder(o.report, o.keymap);
    this.device = new HotplugDevice<ByteStream>({
      clock: o.clock,
      open: () => (o.openHid ?? openHid)(o.match, this.ref),
      attach: (stream, lost) => {
        this.recovered();
        this.decoder.reset();
        const onData = (report: Buffer) => {
          for (const button of this.decoder.push(report)) this.press(button);
        };
        stream.on('data', onData);
        stream.on('error', lost);
        return () => {
          stream.off('data', onData);
          stream.off('error', lost);
        };
      },
      close: (stream) => stream.close(),
      fault: (err) => this.report(err),
      describe: (err) =>
        err === undefined ? deviceMissing(this.ref, 'not plugged in') : hardwareError(this.ref, err),
      watch: { dir: o.devDir ?? '/dev', pattern: /^hidraw\d+$/ },
    });
  }

  async start(): Promise<void> {
    await this.device.start();
  }

  override async stop(): Promise<void> {
    await this.device.stop();
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return { device: this.ref.device, connected: this.device.connected, report: this.o.report };
  }
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
