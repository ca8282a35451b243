import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ScheduleView } from '../../../../shared/api.js';
import type { UpcomingView } from '../../../../shared/api-schedule.js';
import * as api from '../api.js';
import { dateTime } from '../format.js';
import {
  bodyOf,
  draftOf,
  type EntryDraft,
  newEntry,
  problemsByPath,
  protocolKey,
  type ScheduleDraft,
} from '../schedule-form.js';
import { EntryEditor, FieldProblems } from './schedule-entry.js';
import { ScheduleStatusLine } from './schedule-status.js';
import { UpcomingSessions } from './schedule-upcoming.js';

/** While an online unit has not answered for the latest version its status is re-read this often. */
const POLL_MS = 1500;
/** An offline unit answers only when it is back: no need to ask as often. */
const OFFLINE_POLL_MS = 10_000;
const DEFAULT_PROTOCOL = { key: 'iso-45@1', title: 'Iso principle, 45 minutes' };

function entryText(e: EntryDraft): string {
  const when = e.repeat === 'days' ? e.days.join(', ') : e.rrule;
  const music = e.preset ? `, preset ${e.preset}` : '';
  const volume = e.start_volume_dba ? `, from ${e.start_volume_dba} dB(A)` : '';
  return `${when} at ${e.time}: ${e.duration_min} min, ${e.protocol}${music}${volume}, light ${e.light ? 'on' : 'off'}, grace ${e.grace_min} min${e.enabled ? '' : ' (off)'}`;
}

/**
 * The patient's schedule: the editor (caregivers and admins; read-only for viewers), whether the
 * unit has applied the latest version, and the coming sessions in both time zones.
 */
export function ScheduleSection({
  code,
  timezone,
  canEdit,
}: {
  code: string;
  timezone: string;
  canEdit: boolean;
}) {
  const view = useSignal<ScheduleView | undefined>(undefined);
  const upcoming = useSignal<UpcomingView | undefined>(undefined);
  const draft = useSignal<ScheduleDraft>(draftOf(null, timezone));
  const protocols = useSignal([DEFAULT_PROTOCOL]);
  /** The API's 400 lines, or the unit's refusal, by path. */
  const problems = useSignal<Map<string, string[]>>(new Map());
  const error = useSignal('');
  const saving = useSignal(false);
  const saved = useSignal('');
  const timer = useRef<number | undefined>(undefined);

  const refresh = async (resetDraft: boolean): Promise<void> => {
    const [v, u] = await Promise.all([api.schedule(code), api.upcoming(code)]);
    view.value = v;
    upcoming.value = u;
    if (resetDraft) draft.value = draftOf(v.desired, timezone);
    if (v.status.state === 'rejected') problems.value = problemsByPath(v.status.reasons);
    window.clearTimeout(timer.current);
    const state = v.status.state;
    const wait = state === 'pending' ? POLL_MS : state === 'offline' ? OFFLINE_POLL_MS : undefined;
    if (wait !== undefined)
      timer.current = window.setTimeout(() => void refresh(false).catch(() => undefined), wait);
  };
  useEffect(() => {
    refresh(true).catch((err: unknown) => {
      error.value =
        err instanceof api.HttpError && err.status === 409 ? 'This patient has no unit.' : String(err);
    });
    api
      .protocols()
      .then((list) => {
        const current = list.protocols.filter((p) => p.superseded_by === null || p.in_use);
        if (current.length > 0)
          protocols.value = current.map((p) => ({ key: protocolKey(p), title: p.title }));
      })
      .catch(() => undefined);
    return () => window.clearTimeout(timer.current);
  }, [code]);

  const edit = (patch: Partial<ScheduleDraft>) => {
    draft.value = { ...draft.value, ...patch };
  };
  const setEntry = (i: number, e: EntryDraft) =>
    edit({ entries: draft.value.entries.map((x, j) => (j === i ? e : x)) });
  const save = (ev: Event) => {
    ev.preventDefault();
    saving.value = true;
    saved.value = '';
    error.value = '';
    api
      .putSchedule(code, bodyOf(draft.value))
      .then(async (s) => {
        problems.value = new Map();
        saved.value = `Saved as version ${s.version}.`;
        await refresh(true);
      })
      .catch((err: unknown) => {
        if (err instanceof api.HttpError && err.status === 400) {
          problems.value = problemsByPath(err.detail.split('\n'));
          error.value = 'Not saved: see the marked fields.';
        } else error.value = err instanceof Error ? err.message : 'not saved';
      })
      .finally(() => {
        saving.value = false;
      });
  };

  const v = view.value;
  const d = draft.value;
  const p = problems.value;
  return (
    <section class="schedule" aria-labelledby="schedule-title" id="schedule">
      <h2 id="schedule-title">Schedule</h2>
      <p class="muted">
        Times are in the patient's time zone, <strong id="schedule-zone">{d.timezone}</strong>.
      </p>
      {error.value && (
        <p class="error" role="alert" id="schedule-error">
          {error.value}
        </p>
      )}
      {v && <ScheduleStatusLine status={v.status} timezone={timezone} now={Date.now()} />}
      {v?.hold === 'clock_unsynced' && (
        <p class="error" id="schedule-hold">
          The unit holds scheduled sessions back: its clock has not been synchronised since it started.
        </p>
      )}
      {v?.next_session_at != null && (
        <p class="muted">The unit's next scheduled start: {dateTime(v.next_session_at, timezone)}.</p>
      )}
      {!canEdit ? (
        <ul id="schedule-entries">
          {d.entries.length === 0 && <li class="muted">No sessions planned.</li>}
          {d.entries.map((e, i) => (
            <li key={String(i)}>{entryText(e)}</li>
          ))}
        </ul>
      ) : (
        v && (
          <form onSubmit={save} noValidate>
            <FieldProblems id="schedule-general-error" problems={p.get('')} />
            {d.entries.map((e, i) => (
              <EntryEditor
                key={String(i)}
                index={i}
                entry={e}
                protocols={protocols.value}
                volumeCap={v.volume_cap_dba}
                problems={p}
                onChange={(x) => setEntry(i, x)}
                onRemove={() => edit({ entries: d.entries.filter((_, j) => j !== i) })}
              />
            ))}
            <FieldProblems id="schedule-entries-error" problems={p.get('entries')} />
            <button
              type="button"
              class="secondary"
              onClick={() => edit({ entries: [...d.entries, newEntry()] })}
            >
              Add a session
            </button>
            <div class="control-row">
              <label>
                <span>Starts on</span>
                <input
                  type="date"
                  value={d.starts_on}
                  onInput={(e) => edit({ starts_on: e.currentTarget.value })}
                />
              </label>
              <label>
                <span>Ends on</span>
                <input
                  type="date"
                  value={d.ends_on}
                  onInput={(e) => edit({ ends_on: e.currentTarget.value })}
                />
              </label>
            </div>
            <FieldProblems id="schedule-starts-error" problems={p.get('starts_on')} />
            <FieldProblems id="schedule-ends-error" problems={p.get('ends_on')} />
            <fieldset class="pauses">
              <legend>Pauses (no sessions, both dates included)</legend>
              {d.pauses.map((pause, i) => (
                <div class="control-row" key={String(i)} data-pause={i}>
                  <label>
                    <span>From</span>
                    <input
                      type="date"
                      value={pause.from}
                      onInput={(e) =>
                        edit({
                          pauses: d.pauses.map((x, j) =>
                            j === i ? { ...x, from: e.currentTarget.value } : x,
                          ),
                        })
                      }
                    />
                  </label>
                  <label>
                    <span>To</span>
                    <input
                      type="date"
                      value={pause.to}
                      onInput={(e) =>
                        edit({
                          pauses: d.pauses.map((x, j) => (j === i ? { ...x, to: e.currentTarget.value } : x)),
                        })
                      }
                    />
                  </label>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => edit({ pauses: d.pauses.filter((_, j) => j !== i) })}
                  >
                    Remove pause
                  </button>
                  <FieldProblems
                    id={`pause-${i}-error`}
                    problems={[...(p.get(`pauses.${i}.from`) ?? []), ...(p.get(`pauses.${i}.to`) ?? [])]}
                  />
                </div>
              ))}
              <button
                type="button"
                class="secondary"
                onClick={() => edit({ pauses: [...d.pauses, { from: '', to: '' }] })}
              >
                Add a pause
              </button>
            </fieldset>
            <div class="control-row">
              <button type="submit" disabled={saving.value}>
                Save schedule
              </button>
              {saved.value && (
                <span class="muted" id="schedule-saved">
                  {saved.value}
                </span>
              )}
            </div>
          </form>
        )
      )}
      <h3>Coming sessions</h3>
      <UpcomingSessions view={upcoming.value} />
    </section>
  );
}
