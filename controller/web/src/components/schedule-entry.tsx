import type { Weekday } from '../../../../shared/schemas/schedule.js';
import { type EntryDraft, WEEKDAYS } from '../schedule-form.js';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** A field's own problems (from the API's 400 or the unit's refusal), read out with the field. */
export function FieldProblems({ id, problems }: { id: string; problems: readonly string[] | undefined }) {
  if (!problems?.length) return null;
  return (
    <span class="field-error error" id={id} role="alert">
      {problems.join('; ')}
    </span>
  );
}

export interface EntryEditorProps {
  index: number;
  entry: EntryDraft;
  /** `name@version` → title, for the protocol picker. */
  protocols: readonly { key: string; title: string }[];
  /** The unit's volume cap (dB(A)) from its info, when known. */
  volumeCap: number | null;
  problems: Map<string, string[]>;
  onChange: (entry: EntryDraft) => void;
  onRemove: () => void;
}

/** One recurring session: when (weekdays or an RRULE, and a local time) and its program. */
export function EntryEditor({
  index,
  entry,
  protocols,
  volumeCap,
  problems,
  onChange,
  onRemove,
}: EntryEditorProps) {
  const at = `entries.${index}`;
  const set = (patch: Partial<EntryDraft>) => onChange({ ...entry, ...patch });
  const err = (field: string) => problems.get(`${at}.${field}`);
  const errId = (field: string) => `sched-${index}-${field}-error`;
  const field = (name: string) => ({
    'aria-invalid': err(name) ? ('true' as const) : undefined,
    'aria-describedby': err(name) ? errId(name) : undefined,
  });
  const known = protocols.some((p) => p.key === entry.protocol);
  return (
    <fieldset class="schedule-entry" data-entry={index}>
      <legend>Session {index + 1}</legend>
      <FieldProblems id={`sched-${index}-error`} problems={problems.get(at)} />
      <div class="control-row">
        <label>
          <span>Repeats</span>
          <select
            aria-label="Repeats"
            value={entry.repeat}
            onChange={(e) => set({ repeat: e.currentTarget.value as EntryDraft['repeat'] })}
          >
            <option value="days">On weekdays</option>
            <option value="rrule">By a rule (RRULE)</option>
          </select>
        </label>
        {entry.repeat === 'days' ? (
          <fieldset class="weekdays" {...field('days')}>
            <legend>Weekdays</legend>
            {WEEKDAYS.map((d) => (
              <label key={d} class="inline">
                <input
                  type="checkbox"
                  checked={entry.days.includes(d)}
                  onChange={(e) =>
                    set({
                      days: e.currentTarget.checked
                        ? WEEKDAYS.filter((x) => x === d || entry.days.includes(x))
                        : entry.days.filter((x) => x !== d),
                    })
                  }
                />
                {DAY_NAMES[d]}
              </label>
            ))}
          </fieldset>
        ) : (
          <label>
            <span>RRULE</span>
            <input
              type="text"
              value={entry.rrule}
              placeholder="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"
              onInput={(e) => set({ rrule: e.currentTarget.value })}
              {...field('rrule')}
            />
          </label>
        )}
        <label>
          <span>Start time</span>
          <input
            type="time"
            value={entry.time}
            onInput={(e) => set({ time: e.currentTarget.value })}
            {...field('time')}
          />
        </label>
        <label>
          <span>Length (min)</span>
          <input
            type="number"
            value={entry.duration_min}
            onInput={(e) => set({ duration_min: e.currentTarget.valueAsNumber })}
            {...field('duration_min')}
          />
        </label>
        <label>
          <span>Grace (min)</span>
          <input
            type="number"
            min={0}
            max={120}
            value={entry.grace_min}
            onInput={(e) => set({ grace_min: e.currentTarget.valueAsNumber })}
            {...field('grace_min')}
          />
        </label>
      </div>
      <FieldProblems id={errId('days')} problems={err('days')} />
      <FieldProblems id={errId('rrule')} problems={err('rrule')} />
      <FieldProblems id={errId('time')} problems={err('time')} />
      <FieldProblems id={errId('duration_min')} problems={err('duration_min')} />
      <FieldProblems id={errId('grace_min')} problems={err('grace_min')} />
      <div class="control-row">
        <label>
          <span>Protocol</span>
          <select
            aria-label="Protocol"
            value={entry.protocol}
            onChange={(e) => set({ protocol: e.currentTarget.value })}
            {...field('protocol')}
          >
            {!known && <option value={entry.protocol}>{entry.protocol}</option>}
            {protocols.map((p) => (
              <option key={p.key} value={p.key}>
                {p.key} — {p.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Preset</span>
          <input
            type="text"
            value={entry.preset}
            placeholder={entry.playlist ? 'the playlist' : "the unit's own"}
            onInput={(e) => set({ preset: e.currentTarget.value })}
            {...field('preset')}
          />
        </label>
        <label>
          <span>Start volume dB(A)</span>
          <input
            type="number"
            min={30}
            max={volumeCap ?? 60}
            value={entry.start_volume_dba}
            placeholder="unit default"
            onInput={(e) => set({ start_volume_dba: e.currentTarget.value })}
            {...field('start_volume_dba')}
          />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={entry.light}
            onChange={(e) => set({ light: e.currentTarget.checked })}
          />
          Light
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={entry.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
          Enabled
        </label>
        <button type="button" class="secondary" onClick={onRemove}>
          Remove session {index + 1}
        </button>
      </div>
      {volumeCap !== null && <p class="muted">This unit's volume cap: {volumeCap} dB(A).</p>}
      <FieldProblems id={errId('protocol')} problems={err('protocol')} />
      <FieldProblems id={errId('preset')} problems={[...(err('preset') ?? []), ...(err('playlist') ?? [])]} />
      <FieldProblems id={errId('start_volume_dba')} problems={err('start_volume_dba')} />
    </fieldset>
  );
}
