import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { journaldDestination, underJournald } from '../../shared/journald.js';

describe('logs under journald', () => {
  it('prefix each JSON line once with its syslog priority', () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, journaldDestination({ write: (line: string) => lines.push(line) }));
    log.child({ unit: 'bed-1' }).info('up');
    log.warn('slow');
    log.error('port fault');
    log.debug('detail');
    expect(lines.map((l) => l.slice(0, 3))).toEqual(['<6>', '<4>', '<3>', '<7>']);
    expect(JSON.parse((lines[0] as string).slice(3))).toMatchObject({ unit: 'bed-1', msg: 'up' });
  });

  it('only where systemd connected stderr to the journal', () => {
    expect(underJournald({ JOURNAL_STREAM: '8:12345' })).toBe(true);
    expect(underJournald({})).toBe(false);
  });
});
