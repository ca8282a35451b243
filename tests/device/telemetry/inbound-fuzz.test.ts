import { join } from 'node:path';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import type { UnitCommand } from '../../../device/telemetry/commands.js';
import { MqttUnitLink } from '../../../device/telemetry/mqtt-link.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { VirtualClock } from '../../../shared/clock.js';
import { MAX_PAYLOAD_BYTES } from '../../../shared/limits.js';
import { silentLogger } from '../../../shared/log.js';
import { Random } from '../../../shared/random.js';
import { commandHeaderSchema } from '../../../shared/schemas/command.js';
import { scheduleSchema } from '../../../shared/schemas/schedule.js';
import { inboundTopics } from '../../../shared/topics.js';
import { badPayload } from '../../helpers/bad-payload.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns, hostilePayload } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const validSchedule = {
  version: 3,
  issued_at: NOW,
  timezone: 'Europe/Berlin',
  entries: [{ days: ['mon', 'tue'], time: '22:00', duration_min: 45, enabled: true }],
};
const validCommand = (name: string) => ({
  cmd_id: 'c0ffee00-0000-4000-8000-000000000001',
  issued_at: NOW,
  expires_at: NOW + 60_000,
  args: name === 'snooze' ? { minutes: 10 } : {},
});

describe('the unit under malformed commands and schedules (fast-check)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const dir = tempDir();
  let stateDir: StateDir;
  let link: MqttUnitLink;
  let store: ScheduleStore;
  const executed: UnitCommand[] = [];
  const seen = new Set<string>();

  beforeAll(() => {
    const clock = new VirtualClock(NOW);
    stateDir = StateDir.open(join(dir.path, 'unit'));
    store = new ScheduleStore(stateDir.db);
    const runner = new ScheduleRunner({ clock, log: silentLogger(), store, start: () => true });
    link = new MqttUnitLink({
      connect: mqtt.connect,
      url: 'mqtt://127.0.0.1:1',
      unit: 'bed-1',
      clock,
      random: new Random(1),
      log: silentLogger(),
      stateDir,
    });
    link.onCommand((command) => {
      executed.push(command);
      return { status: 'accepted', done: Promise.resolve() };
    });
    link.onSchedule((payload) => runner.receive(payload));
    link.receive('nocturne/v1/bed-1/schedule', Buffer.from(JSON.stringify(validSchedule)));
    expect(store.schedule()?.version).toBe(3);
  });
  afterAll(() => {
    stateDir.close();
    dir.remove();
  });

  it.each(Object.keys(inboundTopics).filter((k) => k !== 'schedule'))(
    'rejects malformed %s without running it or crashing',
    (kind) => {
      const valid = validCommand(kind.slice(4));
      fc.assert(
        fc.property(
          fc.oneof({ weight: 9, arbitrary: badPayload(valid) }, hostilePayload(valid)),
          (payload) => {
            const before = link.rejectedCommands + link.rejectedOversize;
            const ran = executed.length;
            const json = safeJson(payload);
            const header = commandHeaderSchema.safeParse(json);
            const repeat = header.success && seen.has(header.data.cmd_id);
            if (header.success) seen.add(header.data.cmd_id);
            link.receive(`nocturne/v1/bed-1/${kind}`, payload);
            const rejected = link.rejectedCommands + link.rejectedOversize;
            if (payload.length > MAX_PAYLOAD_BYTES) {
              // Refused before parsing: counted, never run, never answered.
              expect(executed.length).toBe(ran);
              expect(link.rejectedOversize).toBeGreaterThan(0);
              expect(rejected).toBe(before + 1);
              return;
            }
            const parsed = inboundTopics[kind as keyof typeof inboundTopics].schema.safeParse(json);
            if (repeat) {
              // A cmd_id seen before is answered again, never run again.
              expect(executed.length).toBe(ran);
              expect(rejected).toBe(before);
            } else if (executed.length > ran) expect(parsed.success).toBe(true);
            else expect(rejected).toBe(before + 1);
          },
        ),
        { numRuns: fuzzRuns(), seed: 8 },
      );
      // A cmd_id runs at most once, however often it came.
      const ids = executed.map((c) => c.cmd_id);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('keeps the applied schedule when a desired one is malformed', () => {
    fc.assert(
      fc.property(
        fc.oneof({ weight: 9, arbitrary: badPayload(validSchedule) }, hostilePayload(validSchedule)),
        (payload) => {
          link.receive('nocturne/v1/bed-1/schedule', payload);
          const stored = store.schedule();
          // Only a valid schedule with a newer version may replace it.
          if (stored?.version !== 3) expect(stored?.version).toBeGreaterThan(3);
          else expect(stored).toEqual(scheduleSchema.parse(validSchedule));
        },
      ),
      { numRuns: fuzzRuns(), seed: 8 },
    );
  });

  it('ignores topics of other units and unknown suffixes', () => {
    const before = link.rejectedCommands;
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 50 }), (topic, payload) => {
        link.receive(topic, Buffer.from(payload));
        link.receive(`nocturne/v1/bed-2/${topic}`, Buffer.from(payload));
      }),
      { numRuns: fuzzRuns(), seed: 8 },
    );
    expect(link.rejectedCommands).toBe(before);
    expect(store.schedule()?.entries).toBeDefined();
  });
});

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
