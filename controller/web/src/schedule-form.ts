import type { ProtocolRef } from '../../../shared/schemas/protocol-ref.js';
import type {
  Schedule,
  ScheduleBodyInput,
  ScheduleEntry,
  Weekday,
} from '../../../shared/schemas/schedule.js';

/**
 * The schedule editor's model: what the form fields hold (strings where a field may be left
 * empty), and its conversions to and from the API body. The server validates; the editor only
 * shapes.
 */

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface EntryDraft {
  repeat: 'days' | 'rrule';
  days: Weekday[];
  rrule: string;
  time: string;
  duration_min: number;
  enabled: boolean;
  grace_min: number;
  /** `name@version` */
  protocol: string;
  /** Empty: the unit's own music. */
  preset: string;
  /** Kept as it came (a unit plays only its own playlist; the editor offers presets). */
  playlist: string[] | undefined;
  /** Empty: the unit's default start volume. */
  start_volume_dba: string;
  light: boolean;
}

export interface ScheduleDraft {
  timezone: string;
  starts_on: string;
  ends_on: string;
  pauses: { from: string; to: string }[];
  entries: EntryDraft[];
}

export const protocolKey = (p: ProtocolRef) => `${p.name}@${p.version}`;

export function newEntry(): EntryDraft {
  return {
    repeat: 'days',
    days: [...WEEKDAYS],
    rrule: '',
    time: '22:00',
    duration_min: 45,
    enabled: true,
    grace_min: 30,
    protocol: 'iso-45@1',
    preset: '',
    playlist: undefined,
    start_volume_dba: '',
    light: true,
  };
}

function entryDraft(e: ScheduleEntry): EntryDraft {
  return {
    repeat: e.rrule !== undefined ? 'rrule' : 'days',
    days: e.days ?? [],
    rrule: e.rrule ?? '',
    time: e.time,
    duration_min: e.duration_min,
    enabled: e.enabled,
    grace_min: e.grace_min,
    protocol: protocolKey(e.protocol),
    preset: e.preset ?? '',
    playlist: e.playlist,
    start_volume_dba: e.start_volume_dba === undefined ? '' : String(e.start_volume_dba),
    light: e.light,
  };
}

export function draftOf(s: Schedule | null, timezone: string): ScheduleDraft {
  return {
    timezone: s?.timezone ?? timezone,
    starts_on: s?.starts_on ?? '',
    ends_on: s?.ends_on ?? '',
    pauses: s?.pauses.map((p) => ({ ...p })) ?? [],
    entries: s?.entries.map(entryDraft) ?? [],
  };
}

function parseProtocol(key: string): ProtocolRef {
  const at = key.lastIndexOf('@');
  return { name: key.slice(0, at), version: Number(key.slice(at + 1)) };
}

/** The PUT body: empty optional fields are left out, so the server's defaults apply. */
export function bodyOf(d: ScheduleDraft): ScheduleBodyInput {
  return {
    timezone: d.timezone,
    ...(d.starts_on ? { starts_on: d.starts_on } : {}),
    ...(d.ends_on ? { ends_on: d.ends_on } : {}),
    pauses: d.pauses,
    entries: d.entries.map((e) => ({
      ...(e.repeat === 'days' ? { days: e.days } : { rrule: e.rrule.trim() }),
      time: e.time,
      duration_min: e.duration_min,
      enabled: e.enabled,
      grace_min: e.grace_min,
      protocol: parseProtocol(e.protocol),
      ...(e.preset.trim() ? { preset: e.preset.trim() } : {}),
      ...(e.playlist && !e.preset.trim() ? { playlist: e.playlist } : {}),
      ...(e.start_volume_dba.trim() ? { start_volume_dba: Number(e.start_volume_dba) } : {}),
      light: e.light,
    })),
  };
}

/**
 * `path: message` lines (the API's 400 and the unit's refusal alike) by path, so each field shows
 * its own; lines without a path go under `''`.
 */
export function problemsByPath(lines: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const m = /^([A-Za-z0-9_.]+|\(root\)): (.*)$/s.exec(line.trim());
    const path = m && m[1] !== '(root)' ? (m[1] as string) : '';
    const text = m ? (m[2] as string) : line;
    out.set(path, [...(out.get(path) ?? []), text]);
  }
  return out;
}
