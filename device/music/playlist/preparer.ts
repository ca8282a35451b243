import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NocturneError } from '../../../shared/errors.js';
import { DeviceErrorCode } from '../../errors/codes.js';
import { type PreparedTrack, prepareTrack, type TrackInfo } from './track.js';

/** Turns a track's tags into audio ready to play (decode, resample, normalise). */
export type TrackPreparer = {
  prepare(info: TrackInfo): Promise<PreparedTrack>;
  /** Releases the worker, if any. */
  close(): Promise<void>;
};

/** In this thread: for tests and one-off tools (it blocks the event loop while it works). */
export const inThreadPreparer: TrackPreparer = { prepare: prepareTrack, close: async () => {} };

/**
 * In a worker thread: what a unit uses while it plays, so the clock-paced rendering keeps its
 * timing while a long file is decoded. Falls back to this thread where the compiled worker file
 * is not there (running from TypeScript sources, as the tests do).
 */
export function workerPreparer(
  script = fileURLToPath(new URL('./prepare-worker.js', import.meta.url)),
): TrackPreparer {
  if (!existsSync(script)) return inThreadPreparer;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (t: PreparedTrack) => void; reject: (e: Error) => void }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(script);
    w.unref();
    w.on(
      'message',
      (m: { id: number; track?: PreparedTrack; error?: { code?: string; message: string } }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.track) p?.resolve(m.track);
        else
          p?.reject(
            new NocturneError(
              m.error?.code ?? DeviceErrorCode.AudioFileCorrupt,
              m.error?.message ?? 'failed',
            ),
          );
      },
    );
    w.on('error', (err) => failAll(err));
    w.on('exit', () =>
      failAll(new NocturneError(DeviceErrorCode.AudioDecoderFailed, 'the track worker exited')),
    );
    return w;
  };
  return {
    prepare(info) {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, info });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}
