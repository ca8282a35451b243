import type { IPublishPacket } from 'mqtt';
import type { MqttClient } from '../../shared/mqtt.js';

/** The part of mqtt.js's client that writes a packet (the one its publish handler acks through). */
interface PacketWriter {
  _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb?: () => void): void;
}

/**
 * A PUBACK sent later, once the message's batch is committed. mqtt.js acknowledges a QoS 1 message
 * when `handleMessage` calls back without an error and parses the next packet only then (so does
 * `customHandleAcks`, MQTT 5 only): acking there allows one message per transaction. So ingest calls
 * back at once with a "deferred" error (no PUBACK, the next packet flows) and acks here after the
 * commit. An ack for a connection that has since dropped is not sent: its message ids mean nothing
 * on the new connection, and the broker delivers the message again (ingest's session is persistent).
 */
export function deferredAck(client: MqttClient, packet: IPublishPacket): () => void {
  const stream = client.stream;
  const messageId = packet.messageId;
  return () => {
    if (messageId === undefined || client.stream !== stream || stream.destroyed || !client.connected) return;
    (client as unknown as PacketWriter)._sendPacket({ cmd: 'puback', messageId });
  };
}

/** What `handleMessage` calls back with so that mqtt.js sends no PUBACK of its own. */
export const DEFERRED = new Error('acknowledged after its batch commits');
