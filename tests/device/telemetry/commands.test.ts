import { describe, expect, it } from 'vitest';
import {
  type CommandAnswer,
  type CommandOutcome,
  CommandReceiver,
} from '../../../device/telemetry/commands.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { useStateDirs } from '../../helpers/state-dirs.js';

const ID = 'c0ffee00-0000-4000-8000-000000000001';

describe('commands on the unit', () => {
  const stateDirs = useStateDirs();

  function receiver(path?: string) {
    const p = path ?? stateDirs.fresh();
    const stateDir = stateDirs.open(p);
    const clock = new VirtualClock();
    const answers: { name: string; answer: CommandAnswer }[] = [];
    const runs: string[] = [];
    const r = new CommandReceiver({
      db: stateDir.db,
      clock,
      log: silentLogger(),
      answer: (name, answer) => answers.push({ name, answer }),
    });
    let outcome: () => CommandOutcome = () => ({ status: 'accepted', done: Promise.resolve() });
    r.setHandler((c) => {
      runs.push(`${c.name}:${c.cmd_id}`);
      return outcome();
    });
    const send = (name: string, body: object) => r.receive(name, Buffer.from(JSON.stringify(body)));
    const cmd = (over: object = {}) => ({
      cmd_id: ID,
      issued_at: clock.now(),
      expires_at: clock.now() + 60_000,
      args: {},
      ...over,
    });
    return {
      r,
      clock,
      answers,
      runs,
      send,
      cmd,
      path: p,
      stateDir,
      setOutcome: (o: () => CommandOutcome) => (outcome = o),
    };
  }

  it('answers accepted then done, and a repeated cmd_id again without running it twice, also after a restart', async () => {
    const a = receiver();
    a.send('start', a.cmd());
    await a.clock.advanceAsync(0);
    expect(a.runs).toEqual([`start:${ID}`]);
    expect(a.answers.map((x) => x.answer.status)).toEqual(['accepted', 'done']);
    a.send('start', a.cmd());
    expect(a.runs).toHaveLength(1);
    expect(a.answers.at(-1)?.answer).toEqual({ cmd_id: ID, status: 'done' });
    a.stateDir.close();
    const b = receiver(a.path);
    b.send('start', b.cmd());
    expect(b.runs).toEqual([]);
    expect(b.answers[0]?.answer.status).toBe('done');
  });

  it('rejects expired, unknown and malformed commands with a reason, and what the unit refuses', () => {
    const a = receiver();
    a.send('start', a.cmd({ expires_at: a.clock.now() - 1 }));
    a.send('dance', a.cmd({ cmd_id: 'c0ffee00-0000-4000-8000-000000000002' }));
    a.send('snooze', a.cmd({ cmd_id: 'c0ffee00-0000-4000-8000-000000000003', args: { minutes: 'ten' } }));
    a.setOutcome(() => ({ status: 'rejected', reason: 'no session is running' }));
    a.send('stop', a.cmd({ cmd_id: 'c0ffee00-0000-4000-8000-000000000004' }));
    a.r.receive('start', Buffer.from('not json'));
    expect(a.runs).toEqual([`stop:c0ffee00-0000-4000-8000-000000000004`]);
    expect(a.answers.map((x) => [x.name, x.answer.status, x.answer.reason])).toEqual([
      ['start', 'rejected', 'expired'],
      ['dance', 'rejected', 'unknown command "dance"'],
      ['snooze', 'rejected', expect.stringContaining('args.minutes')],
      ['stop', 'rejected', 'no session is running'],
    ]);
    expect(a.r.rejected).toBe(5);
  });

  it('answers rejected when an accepted command fails to take effect', async () => {
    const a = receiver();
    a.setOutcome(() => ({ status: 'accepted', done: Promise.reject(new Error('light port failed')) }));
    a.send('start', a.cmd());
    await a.clock.advanceAsync(0);
    expect(a.answers.map((x) => [x.answer.status, x.answer.reason])).toEqual([
      ['accepted', undefined],
      ['rejected', 'failed: light port failed'],
    ]);
  });
});

describe('commands on a simulated unit whose time runs faster than the controller', () => {
  const stateDirs = useStateDirs();

  it('judges expiry by the wall clock it is given, not by its own time, which runs ahead', () => {
    const wall = new VirtualClock();
    const unitTime = new VirtualClock(wall.now() + 6 * 3600_000); // six hours ahead after a while at speed
    const answers: CommandAnswer[] = [];
    const make = (expiryClock?: VirtualClock) => {
      const r = new CommandReceiver({
        db: stateDirs.open(stateDirs.fresh()).db,
        clock: unitTime,
        expiryClock,
        log: silentLogger(),
        answer: (_name, answer) => answers.push(answer),
      });
      r.setHandler(() => ({ status: 'accepted', done: Promise.resolve() }));
      return r;
    };
    const body = (cmdId: string) =>
      Buffer.from(
        JSON.stringify({ cmd_id: cmdId, issued_at: wall.now(), expires_at: wall.now() + 60_000, args: {} }),
      );
    make().receive('stop', body('c0ffee00-0000-4000-8000-000000000002'));
    expect(answers.at(-1)).toMatchObject({ status: 'rejected', reason: 'expired' });
    make(wall).receive('stop', body('c0ffee00-0000-4000-8000-000000000003'));
    expect(answers.at(-1)).toMatchObject({ status: 'accepted' });
  });
});
