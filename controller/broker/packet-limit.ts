import { Duplex } from 'node:stream';

/**
 * Reads MQTT's framing as bytes pass (a type byte, then the remaining length as a base-128
 * varint) and says whether every packet so far is within `maxBytes`. aedes has no packet size
 * limit of its own and would buffer a packet of up to 256 MB, before any login, to parse it.
 */
export class MqttFrameScanner {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private remaining = 0;

  constructor(private readonly maxBytes: number) {}

  /** False as soon as a packet announces more than `maxBytes` (or a malformed length). */
  scan(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = 'type';
      } else if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        i++;
      } else {
        const byte = chunk[i++] as number;
        this.length += (byte & 0x7f) * this.multiplier;
        if (this.length > this.maxBytes) return false;
        if (byte & 0x80) {
          this.multiplier *= 128;
          if (this.multiplier > 128 ** 3) return false;
        } else {
          this.remaining = this.length;
          this.state = this.length === 0 ? 'type' : 'body';
        }
      }
    }
    return true;
  }
}

/**
 * The client's connection as the broker sees it, closed at the first packet over `maxBytes`:
 * reads come through the scanner, writes go straight to the socket.
 */
export function limitPacketSize(socket: Duplex, maxBytes: number, onRefused: () => void): Duplex {
  const scanner = new MqttFrameScanner(maxBytes);
  const guarded = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    // mqtt-packet corks the stream and writes a packet in pieces: one socket write per packet, or
    // Nagle's algorithm and delayed ACKs stall every small piece.
    writev(chunks, callback) {
      socket.write(Buffer.concat(chunks.map((c) => c.chunk as Buffer)), callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy();
      callback(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!scanner.scan(chunk)) {
      onRefused();
      guarded.destroy();
      return;
    }
    if (!guarded.push(chunk)) socket.pause();
  });
  socket.on('end', () => guarded.push(null));
  socket.on('error', (err) => guarded.destroy(err));
  socket.on('close', () => guarded.destroy());
  return guarded;
}
