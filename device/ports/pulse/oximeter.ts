import type { Clock, Timer } from '../../../shared/clock.js';
import type { ByteStream } from '../../board/byte-stream.js';
import { type DeviceRef, deviceMissing, hardwareError } from '../../board/hardware-error.js';
import { HotplugDevice } from '../../board/hotplug.js';
import { CMS50_RATE_HZ, type OximeterDecoder } from './oximeter-frame.js';
import { PulseAdapterBase } from './pulse-base.js';
import { SampleRateFit } from './sample-rate-fit.js';

export interface OximeterOptions {
  clock: Clock;
  /** Adapter name in status, e.g. "cms50d". */
  adapter: string;
  ref: DeviceRef;
  decoder: OximeterDecoder;
  /** Opens the transport; undefined when the device is not plugged in. */
  open(): Promise<ByteStream | undefined>;
  /** Device nodes whose appearance means "try again" (ttyUSB*, hidraw*). */
  watch: { dir: string; pattern: RegExp };
  /** How often samples go out as a batch, ms. */
  batchMs?: number;
}

/**
 * A USB pulse oximeter on any transport: bytes → protocol decoder → pleth samples stamped by the
 * device's 60 Hz (calibrated) plus its own pulse rate and SpO2. It survives unplug and replug:
 * the first open may find nothing (not a start error), and every outage is one fault.
 */
export class OximeterPulse extends PulseAdapterBase {
  private readonly rateFit = new SampleRateFit({ nominalHz: CMS50_RATE_HZ });
  private readonly device: HotplugDevice<ByteStream>;
  private batcher: Timer | undefined;
  private t: number[] = [];
  private v: number[] = [];
  private vitals: { bpm: number | null; spo2: number | null } | undefined;
  private finger = false;

  constructor(private readonly o: OximeterOptions) {
    super(o.clock, o.adapter);
    this.device = new HotplugDevice<ByteStream>({
      clock: o.clock,
      open: () => o.open(),
      attach: (stream, lost) => this.attach(stream, lost),
      close: (stream) => stream.close(),
      fault: (err) => this.report(err),
      describe: (err) =>
        err === undefined ? deviceMissing(o.ref, 'not plugged in') : hardwareError(o.ref, err),
      watch: o.watch,
    });
  }

  async start(): Promise<void> {
    await this.device.start();
  }

  override async stop(): Promise<void> {
    this.batcher?.cancel();
    this.batcher = undefined;
    await this.device.stop();
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return {
      device: this.o.ref.device,
      connected: this.device.connected,
      calibrated_hz: Math.round(this.rateFit.rateHz * 100) / 100,
      dropped_bytes: this.o.decoder.dropped,
    };
  }

  private attach(stream: ByteStream, lost: (err: unknown) => void): () => void {
    this.recovered();
    this.o.decoder.reset();
    this.rateFit.reset();
    const onData = (chunk: Buffer) => this.onBytes(chunk);
    const onClose = () => lost(Object.assign(new Error('unplugged'), { code: 'ENODEV' }));
    stream.on('data', onData);
    stream.on('error', lost);
    stream.on('close', onClose);
    this.batcher = this.clock.setInterval(() => this.flush(), this.o.batchMs ?? 250);
    return () => {
      stream.off('data', onData);
      stream.off('error', lost);
      stream.off('close', onClose);
      this.batcher?.cancel();
      this.batcher = undefined;
      this.flush();
      this.vitals = undefined;
      this.finger = false;
    };
  }

  private onBytes(chunk: Uint8Array): void {
    const frames = this.o.decoder.push(chunk);
    const pleth: number[] = [];
    for (const f of frames) {
      if (f.pleth !== undefined) pleth.push(f.pleth);
      if (f.vitals) this.vitals = f.vitals;
      if (f.finger !== undefined) this.finger = f.finger;
    }
    if (pleth.length === 0) return;
    const times = this.rateFit.take(pleth.length, this.clock.monotonic());
    for (let i = 0; i < pleth.length; i++) {
      this.t.push(times[i] as number);
      this.v.push(pleth[i] as number);
    }
  }

  private flush(): void {
    if (this.t.length === 0 && this.vitals === undefined) return;
    this.emitBatch({
      monotonicT: Float64Array.from(this.t),
      value: Float64Array.from(this.v),
      rateHz: this.rateFit.rateHz,
      finger: this.finger,
      ...(this.vitals ? { device: { t: this.clock.now(), ...this.vitals } } : {}),
    });
    this.t = [];
    this.v = [];
  }
}
