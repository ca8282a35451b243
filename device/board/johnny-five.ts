import type { EventEmitter } from 'node:events';
import type { DeviceRef } from './hardware-error.js';
import { loadNative } from './native.js';

/** The part of johnny-five this project uses: a Board over an IO plugin, and Button. */
export interface J5Board extends EventEmitter {
  readonly isReady: boolean;
  readonly io: { name: string };
}

export interface J5ButtonOptions {
  board: J5Board;
  pin: string | number;
  /** Pull-up on and the reading inverted (a button to ground). */
  isPullup?: boolean;
  isPulldown?: boolean;
  invert?: boolean;
  holdtime?: number;
}

export type J5Button = EventEmitter;

export interface JohnnyFive {
  Board: new (options: {
    io: unknown;
    repl: false;
    debug: false;
    sigint: false;
    timeout?: number;
  }) => J5Board;
  Button: new (options: J5ButtonOptions) => J5Button;
}

/** johnny-five is a normal dependency, still imported lazily: a simulated unit never loads it. */
export function loadJohnnyFive(ref: DeviceRef): Promise<JohnnyFive> {
  return loadNative<JohnnyFive>('johnny-five', ref);
}
