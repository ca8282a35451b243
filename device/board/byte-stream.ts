import type { EventEmitter } from 'node:events';

/**
 * An open USB device as the ports see it: 'data' (Buffer), 'error', and 'close' when unplugged.
 * Serial ports and HID devices both look like this, so protocol decoders never see the transport.
 */
export interface ByteStream extends EventEmitter {
  close(): Promise<void>;
}
