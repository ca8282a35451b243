/** What an oximeter protocol decodes to, whatever the transport (serial bytes or HID reports). */
export interface OximeterFrame {
  /** Pleth waveform sample (0..127, device units), when this frame carries one. */
  pleth?: number;
  /** The device's own pulse rate and SpO2 (null = the device says "no valid value"). */
  vitals?: { bpm: number | null; spo2: number | null };
  /** Finger on the probe, when this frame says. */
  finger?: boolean;
}

export interface OximeterDecoder {
  /** Feeds raw bytes in arrival order; returns every complete frame. */
  push(bytes: Uint8Array): OximeterFrame[];
  /** Forgets a partial frame (after unplug). */
  reset(): void;
  /** Bytes thrown away while looking for the next frame start (garbage, cut-off frames). */
  readonly dropped: number;
}

/** Waveform samples per second of Contec CMS50 units. */
export const CMS50_RATE_HZ = 60;
