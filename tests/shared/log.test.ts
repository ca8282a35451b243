import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { prettyStream, resolveLogFormat } from '../../shared/log.js';
import { wantsColor } from '../../shared/terminal.js';

/** A pretty logger writing into memory; resolves the text once pino-pretty has flushed it. */
function prettyInto(colorize: boolean) {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const stream = prettyStream(colorize, sink);
  const log = pino({ name: 'demo', level: 'info', base: { pid: 1234 } }, stream);
  const text = () =>
    new Promise<string>((resolve) => {
      stream.end();
      sink.on('finish', () => resolve(chunks.join('')));
    });
  return { log, text };
}

describe('log format', () => {
  it.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
    ['', true, 'pretty'],
  ] as const)('LOG_FORMAT=%s, stderr a TTY: %s -> %s', (choice, tty, format) => {
    expect(resolveLogFormat(choice, tty)).toBe(format);
  });

  it('colours only a terminal, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });
});

describe('pretty log lines', () => {
  it('one short line per entry: time, level, who, message, then the other fields', async () => {
    const { log, text } = prettyInto(false);
    log.info({ unit: 'bed-1', session_id: 's1', planned_s: 2700 }, 'program started');
    log.child({ part: 'broker' }).warn({ url: 'mqtt://127.0.0.1:1883' }, 'listening');
    log.error('no broker');
    const lines = (await text()).trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: bed-1: program started \{"session_id":"s1","planned_s":2700\}$/,
      ),
      expect.stringMatching(/^\[[\d:.]+\] WARN: broker: listening \{"url":"mqtt:\/\/127\.0\.0\.1:1883"\}$/),
      expect.stringMatching(/^\[[\d:.]+\] ERROR: demo: no broker$/),
    ]);
  });

  it('colours the level when asked to, and leaves the message plain', async () => {
    const { log, text } = prettyInto(true);
    log.warn({ unit: 'bed-2' }, 'pulse lost');
    const line = await text();
    expect(line).toContain('\u001b[33mWARN\u001b[39m');
    expect(line).toMatch(/bed-2: pulse lost/);
  });
});
