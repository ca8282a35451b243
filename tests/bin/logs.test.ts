import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal, SessionJournal } from '../../device/service/session-journal.js';
import { VirtualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('nocturne logs', () => {
  const dir = useTempDirs();

  it('prints one session from the journal, skipping a line cut off by a power loss', async () => {
    const stateDir = dir();
    const journal = new SessionJournal(stateDir, new VirtualClock(1_800_000_000_000), silentLogger());
    journal.record('s1', {
      kind: 'event',
      ts: 1,
      event: { type: 'started', session_id: 's1', trigger: 'button' },
    });
    journal.record('s2', {
      kind: 'event',
      ts: 2,
      event: { type: 'started', session_id: 's2', trigger: 'schedule' },
    });
    journal.record('s1', { kind: 'report', ts: 3, report: { end_reason: 'calm', duration_s: 1800 } });
    appendFileSync(join(stateDir, 'sessions', 's1.jsonl'), '{"kind":"event","ts":4,"ev');
    expect(readJournal(stateDir, 's1')).toHaveLength(2);

    const one = await runCli(['logs', '--session', 's1', '--state-dir', stateDir]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).entries.map((e: { kind: string }) => e.kind)).toEqual(['event', 'report']);
    expect(one.stderr).toMatch(/event started trigger=button/);
    expect(one.stderr).toMatch(/report end_reason=calm duration_s=1800/);

    const list = await runCli(['logs', '--state-dir', stateDir]);
    expect(JSON.parse(list.stdout).sessions.sort()).toEqual(['s1', 's2']);
  });

  it('exits 2 for an unknown session or a path in place of an id', async () => {
    const stateDir = dir();
    new SessionJournal(stateDir, new VirtualClock(0), silentLogger()).record('s1', {
      kind: 'event',
      ts: 1,
      event: { type: 'started' },
    });
    const unknown = await runCli(['logs', '--session', 'nope', '--state-dir', stateDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no session nope .*s1/);
    const traversal = await runCli(['logs', '--session', '../../etc/passwd', '--state-dir', stateDir]);
    expect(traversal.code).toBe(2);
  });
});
