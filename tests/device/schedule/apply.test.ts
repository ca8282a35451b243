import { describe, expect, it } from 'vitest';
import { applySchedule } from '../../../device/schedule/apply.js';
import { entryProgram, scheduleProtocols } from '../../../device/schedule/entry-program.js';
import { unitScheduleProblems } from '../../../device/schedule/unit-check.js';
import { ISO_45, paramsHash, protocolSchema } from '../../../shared/schemas/protocol.js';
import {
  type Schedule,
  type ScheduleEntry,
  scheduleBodySchema,
  scheduleSchema,
} from '../../../shared/schemas/schedule.js';

const limits = { volumeCapDba: 55, presets: ['warm', 'airy', 'deep'], protocols: ['iso-45@1'] };
const apply = (body: object) =>
  applySchedule(Buffer.from(JSON.stringify({ version: 2, issued_at: 1, ...body })), 1, (s) =>
    unitScheduleProblems(s, limits),
  );
const entry = { days: ['mon'], time: '22:00', duration_min: 45 };
const firstEntry = (s: Schedule): ScheduleEntry => {
  const [first] = s.entries;
  if (!first) throw new Error('no entry');
  return first;
};

describe('applying a desired schedule on the unit', () => {
  it("keeps today's minimal payload valid: format 2, protocol iso-45, grace 30 min, light on", () => {
    const out = apply({ timezone: 'Europe/Berlin', entries: [entry] });
    expect(out).toMatchObject({
      status: 'applied',
      schedule: {
        format: 2,
        pauses: [],
        entries: [
          { ...entry, enabled: true, protocol: { name: 'iso-45', version: 1 }, grace_min: 30, light: true },
        ],
      },
    });
    expect(scheduleBodySchema.safeParse({ timezone: 'UTC', entries: [entry] }).success).toBe(true);
  });

  it('takes a full entry: RRULE, preset, start volume within the cap, light off, dates and pauses', () => {
    const out = apply({
      timezone: 'Australia/Lord_Howe',
      starts_on: '2026-04-01',
      ends_on: '2026-09-30',
      pauses: [{ from: '2026-05-10', to: '2026-05-20' }],
      entries: [
        {
          rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
          time: '21:30',
          duration_min: 30,
          preset: 'airy',
          start_volume_dba: 50,
          light: false,
          grace_min: 10,
        },
      ],
    });
    expect(out.status).toBe('applied');
  });

  it('refuses an invalid schedule with every reason, as path: message', () => {
    const out = apply({
      timezone: 'Mars/Olympus',
      ends_on: '2026-02-30',
      pauses: [{ from: '2026-05-20', to: '2026-05-10' }],
      entries: [
        { ...entry, rrule: 'FREQ=DAILY' },
        { rrule: 'FREQ=HOURLY', time: '22:00', duration_min: 45 },
        { rrule: 'FREQ=DAILY;BYHOUR=3', time: '22:00', duration_min: 45 },
        { ...entry, duration_min: 120, preset: 'warm', playlist: ['a.flac'] },
      ],
    });
    expect(out.status).toBe('rejected');
    if (out.status !== 'rejected') return;
    expect(out.version).toBe(2);
    expect(out.applied_version).toBe(1);
    expect(out.reasons).toEqual(
      expect.arrayContaining([
        'timezone: unknown IANA time zone',
        'ends_on: no such date',
        'pauses.0.to: from must not be after to',
        'entries.0.days: give either days or rrule',
        'entries.1.rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY',
        "entries.2.rrule: BYHOUR is not allowed in an entry's rrule",
        'entries.3.playlist: give either preset or playlist',
      ]),
    );
    expect(out.reasons.some((r) => r.startsWith('entries.3.duration_min:'))).toBe(true);
  });

  it('refuses what only this unit can judge: a start volume above its cap, an unknown preset or protocol, a playlist', () => {
    const out = apply({
      timezone: 'UTC',
      entries: [
        { ...entry, start_volume_dba: 58 },
        { ...entry, preset: 'thunder' },
        { ...entry, protocol: { name: 'ward-b', version: 2 } },
        { ...entry, playlist: ['/etc/passwd'] },
      ],
    });
    expect(out).toMatchObject({
      status: 'rejected',
      reasons: [
        "entries.0.start_volume_dba: 58 dB(A) is above this unit's cap (55)",
        'entries.1.preset: this unit has no preset "thunder" (warm, airy, deep)',
        'entries.2.protocol: this unit does not know ward-b@2 and the schedule does not carry it',
        'entries.3.playlist: this unit plays only the playlist of its own config; give a preset',
      ],
    });
  });

  it('refuses an RRULE without a start date, a newer format, and an older version', () => {
    const noAnchor = apply({
      timezone: 'UTC',
      entries: [{ rrule: 'FREQ=DAILY', time: '22:00', duration_min: 45 }],
    });
    expect(noAnchor).toMatchObject({
      status: 'rejected',
      reasons: ['entries.0.rrule: an rrule needs starts_on'],
    });
    expect(apply({ format: 3, timezone: 'UTC', entries: [] })).toMatchObject({ status: 'rejected' });
    const older = applySchedule(
      Buffer.from(JSON.stringify({ version: 1, issued_at: 1, timezone: 'UTC', entries: [] })),
      4,
    );
    expect(older).toMatchObject({ status: 'rejected', version: 1, applied_version: 4 });
  });

  describe('a clinic protocol the schedule carries', () => {
    const ward = protocolSchema.parse({
      name: 'ward-b',
      version: 2,
      title: 'Ward B',
      params: { session_minutes: 30, glide_minutes: 12, start_volume_dba: 40 },
    });
    const carried = { ...ward, hash: paramsHash(ward.params) };
    const wardEntry = { ...entry, duration_min: 30, protocol: { name: 'ward-b', version: 2 } };

    it('is applied, and its entries run its parameters', () => {
      const out = apply({ timezone: 'UTC', entries: [wardEntry], protocols: [carried] });
      expect(out).toMatchObject({ status: 'applied' });
      if (out.status !== 'applied') return;
      const known = scheduleProtocols(out.schedule);
      expect(known.map((p) => `${p.name}@${p.version}`)).toEqual(['iso-45@1', 'ward-b@2']);
      expect(entryProgram(firstEntry(out.schedule), known)).toMatchObject({
        session_minutes: 30,
        glide_minutes: 12,
        start_volume_dba: 40,
      });
    });

    it('is refused when its hash does not match its parameters, and so is every entry that runs it', () => {
      const tampered = { ...carried, params: { ...carried.params, start_volume_dba: 55 } };
      expect(apply({ timezone: 'UTC', entries: [wardEntry], protocols: [tampered] })).toMatchObject({
        status: 'rejected',
        reasons: [
          'protocols.0.hash: does not match the parameters of ward-b@2',
          'entries.0.protocol: this unit does not know ward-b@2 and the schedule does not carry it',
        ],
      });
    });

    it('never replaces a built-in protocol', () => {
      const other = { ...ISO_45, params: { ...ISO_45.params, session_minutes: 30 } };
      const impostor = { ...other, hash: paramsHash(other.params) };
      const parsed = scheduleSchema.parse({
        version: 1,
        issued_at: 1,
        timezone: 'UTC',
        entries: [entry],
        protocols: [impostor],
      });
      expect(unitScheduleProblems(parsed, limits)).toEqual([
        "protocols.0: iso-45@1 differs from this unit's built-in one",
      ]);
      expect(entryProgram(firstEntry(parsed), scheduleProtocols(parsed))).toMatchObject({
        session_minutes: 45,
      });
    });
  });
});
