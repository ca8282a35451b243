/** One message waiting for its batch. */
interface Waiting<R> {
  topic: string;
  payload: Buffer;
  done(result: R): void;
  fail(err: unknown): void;
}

/** Most messages in one transaction; the broker's in-flight window usually bounds a batch first. */
export const MAX_BATCH = 500;

/**
 * Gathers the messages that arrive within one turn of the event loop (mqtt.js parses every packet
 * of a TCP read before yielding) into one batch, and runs one batch at a time: what arrives while a
 * batch commits forms the next. No timer: under light load a batch is one message and waits for nothing.
 */
export class BatchQueue<R> {
  private waiting: Waiting<R>[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: (batch: { topic: string; payload: Buffer }[]) => Promise<R[]>,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /** Resolves with this message's result once its batch has run. */
  enqueue(topic: string, payload: Buffer): Promise<R> {
    return new Promise<R>((done, fail) => {
      this.waiting.push({ topic, payload, done, fail });
      this.schedule();
    });
  }

  /** Resolves when every message enqueued so far has been handled. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.scheduled) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.running;
    }
    await this.running;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.running = this.running.then(() => this.next());
    });
  }

  private async next(): Promise<void> {
    this.scheduled = false;
    const batch = this.waiting.splice(0, this.maxBatch);
    if (this.waiting.length > 0) this.schedule();
    if (batch.length === 0) return;
    try {
      const results = await this.run(batch);
      batch.forEach((w, i) => {
        w.done(results[i] as R);
      });
    } catch (err) {
      for (const w of batch) w.fail(err);
    }
  }
}
