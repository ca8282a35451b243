import type { BoardHost } from '../../board/board.js';
import { type DeviceRef, hardwareError } from '../../board/hardware-error.js';
import type { J5Button } from '../../board/johnny-five.js';
import { RemoteAdapterBase } from './buttons.js';
import type { RemoteButton } from './index.js';

export interface GpioButtonConfig {
  /** BCM GPIO number (the header's "GPIO17", pin 11). */
  gpio: number;
  button: RemoteButton;
  /** `up`: button to ground with the internal pull-up (the usual wiring). */
  pull: 'up' | 'down' | 'none';
}

/**
 * Bedside buttons on GPIO through johnny-five's Button (debounced), on whichever IO plugin the board
 * host chose: raspi-io on a Pi 3/4, the project's plugin on a Pi 5.
 */
export class GpioButtons extends RemoteAdapterBase {
  private readonly ref: DeviceRef;
  private buttons: J5Button[] = [];
  private io = 'none';

  constructor(
    private readonly host: BoardHost,
    private readonly config: readonly GpioButtonConfig[],
  ) {
    super('gpio');
    this.ref = {
      port: 'remote',
      device: `buttons on ${config.map((b) => `GPIO${b.gpio}`).join(', ')}`,
      configKey: 'ports.remote.buttons',
    };
  }

  async start(): Promise<void> {
    if (this.buttons.length > 0) return;
    try {
      const { board, five, io } = await this.host.board(this.ref);
      this.io = io;
      for (const b of this.config) {
        const button = new five.Button({
          board,
          pin: `GPIO${b.gpio}`,
          isPullup: b.pull === 'up',
          isPulldown: b.pull === 'down',
        });
        button.on('press', () => this.press(b.button));
        this.buttons.push(button);
      }
      this.recovered();
    } catch (err) {
      throw this.report(hardwareError(this.ref, err));
    }
  }

  override async stop(): Promise<void> {
    for (const b of this.buttons) b.removeAllListeners();
    this.buttons = [];
    await super.stop();
  }

  protected detail(): Record<string, unknown> {
    return { io: this.io, buttons: this.config.map((b) => ({ gpio: b.gpio, button: b.button })) };
  }
}
