import type { RemoteButton } from './index.js';

/** Which HID report layout the remote sends. */
export type HidReportKind = 'keyboard' | 'consumer';

/**
 * Default key maps, by HID usage (USB HID Usage Tables: Keyboard page 0x07, Consumer page 0x0C):
 * a keypad or a media remote works out of the box; config may replace them.
 */
export const DEFAULT_KEYMAPS: Record<HidReportKind, Record<number, RemoteButton>> = {
  keyboard: {
    44: 'start_stop', // Space
    40: 'start_stop', // Enter
    88: 'start_stop', // Keypad Enter
    22: 'snooze', // S
    87: 'louder', // Keypad +
    86: 'quieter', // Keypad -
    82: 'brighter', // Up arrow
    81: 'dimmer', // Down arrow
  },
  consumer: {
    205: 'start_stop', // Play/Pause
    183: 'start_stop', // Stop
    233: 'louder', // Volume Increment
    234: 'quieter', // Volume Decrement
    111: 'brighter', // Display Brightness Increment
    112: 'dimmer', // Display Brightness Decrement
    181: 'snooze', // Scan Next Track
  },
};

/**
 * Turns HID input reports into button presses: a press is a usage that appears in a report and
 * was not in the previous one (holding a key, or its repeat reports, presses once).
 *   keyboard (boot layout): [modifiers, reserved, key1..key6], optionally after a report id;
 *   consumer: a 16-bit little-endian usage, optionally after a report id.
 */
export class HidKeyDecoder {
  private held = new Set<number>();

  constructor(
    private readonly kind: HidReportKind,
    private readonly keymap: Readonly<Record<number, RemoteButton>> = DEFAULT_KEYMAPS[kind],
  ) {}

  push(report: Uint8Array): RemoteButton[] {
    const usages = this.kind === 'keyboard' ? keyboardUsages(report) : consumerUsages(report);
    const pressed: RemoteButton[] = [];
    for (const usage of usages) {
      const button = this.keymap[usage];
      if (!this.held.has(usage) && button) pressed.push(button);
    }
    this.held = usages;
    return pressed;
  }

  reset(): void {
    this.held.clear();
  }
}

function keyboardUsages(report: Uint8Array): Set<number> {
  // 8 bytes: boot report; 9: the same after a report id.
  const keys = report.length >= 9 ? report.subarray(3, 9) : report.subarray(2, 8);
  // Usages 1–3 are error codes (rollover), not keys.
  return new Set([...keys].filter((k) => k > 3));
}

function consumerUsages(report: Uint8Array): Set<number> {
  const body = report.length % 2 === 1 ? report.subarray(1) : report;
  const usages = new Set<number>();
  for (let i = 0; i + 1 < body.length; i += 2) {
    const usage = (body[i] as number) | ((body[i + 1] as number) << 8);
    if (usage !== 0) usages.add(usage);
  }
  return usages;
}
