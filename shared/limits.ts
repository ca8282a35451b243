/**
 * The largest MQTT payload either side parses: refused before JSON.parse, so a huge or deeply
 * nested message costs nothing. The largest real one, a full `session/samples` batch (120
 * samples), is about 20 KiB.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
