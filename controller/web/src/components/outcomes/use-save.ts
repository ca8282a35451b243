import { type Signal, useSignal } from '@preact/signals';

export interface Save {
  busy: Signal<boolean>;
  /** The last failure (an HttpError carries the server's `path: message` lines), or undefined. */
  error: Signal<unknown>;
  /** Runs one save; `done` gets its answer. A failure is kept in `error`, never left unhandled. */
  run<T>(work: Promise<T>, done: (value: T) => void): void;
}

/** The state every entry form shares: busy while a save runs, and what went wrong. */
export function useSave(): Save {
  const busy = useSignal(false);
  const error = useSignal<unknown>(undefined);
  return {
    busy,
    error,
    run(work, done) {
      busy.value = true;
      error.value = undefined;
      work
        .then(done)
        .catch((err: unknown) => {
          error.value = err;
        })
        .finally(() => {
          busy.value = false;
        });
    },
  };
}
