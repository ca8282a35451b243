import { parentPort } from 'node:worker_threads';
import { prepareTrack, type TrackInfo } from './track.js';

/**
 * Runs in a worker thread: decodes and prepares one track per message, so seconds of decoding,
 * resampling and loudness measurement never stall the thread that feeds the sound device.
 */
parentPort?.on('message', (message: { id: number; info: TrackInfo }) => {
  prepareTrack(message.info).then(
    (track) => {
      // Hand the samples over without a copy (both channels may live in one buffer).
      const buffers = new Set([track.left.buffer, track.right.buffer] as ArrayBuffer[]);
      parentPort?.postMessage({ id: message.id, track }, [...buffers]);
    },
    (err: { code?: string; message?: string }) =>
      parentPort?.postMessage({
        id: message.id,
        error: { code: err.code, message: err.message ?? String(err) },
      }),
  );
});
