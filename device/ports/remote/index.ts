import type { Port } from '../port.js';

/** The bedside buttons. `start_stop` is the one button a patient needs. */
export type RemoteButton = 'start_stop' | 'snooze' | 'louder' | 'quieter' | 'brighter' | 'dimmer';

export interface RemotePort extends Port {
  onPress(listener: (button: RemoteButton) => void): () => void;
}
