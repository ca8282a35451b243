import type { CoTherapyEntry } from '../../../../../shared/api-outcomes.js';
import type { CoTherapy } from '../../../../../shared/schemas/outcomes/index.js';
import * as api from '../../api.js';
import { todayIn } from './days.js';
import { ErrorLines } from './error-lines.js';
import { useSave } from './use-save.js';

const KINDS = ['medication', 'acupuncture', 'psychotherapy', 'other'] as const;

/** "melatonin (2 mg nightly), 2026-03-01 → ongoing". */
export const coTherapyText = (t: Pick<CoTherapy, 'what' | 'dose' | 'from' | 'to'>) =>
  `${t.what}${t.dose ? ` (${t.dose})` : ''}, ${t.from} → ${t.to ?? 'ongoing'}`;

function bodyOf(form: HTMLFormElement): CoTherapy {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  return {
    what: text('what'),
    kind: text('kind') as CoTherapy['kind'],
    ...(text('dose') ? { dose: text('dose') } : {}),
    from: text('from'),
    ...(text('to') ? { to: text('to') } : {}),
  };
}

/** What else the patient receives (medication with its dose, sessions of acupuncture or other), from–to. */
export function CoTherapies({
  code,
  timezone,
  list,
  canWrite,
  onChanged,
}: {
  code: string;
  timezone: string;
  list: readonly CoTherapyEntry[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { busy, error, run } = useSave();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    run(api.addCoTherapy(code, bodyOf(form)), () => {
      form.reset();
      onChanged();
    });
  };
  return (
    <section class="co-therapies" aria-labelledby="co-therapies-title">
      <h3 id="co-therapies-title">Co-therapies</h3>
      {list.length === 0 ? (
        <p class="muted" id="co-therapy-none">
          None recorded: a response reads as music alone.
        </p>
      ) : (
        <ul id="co-therapy-list">
          {list.map((t) => (
            <li key={t.id} data-kind={t.kind}>
              <strong>{t.kind}</strong> {coTherapyText(t)}
              {canWrite && t.to === null && (
                <button
                  type="button"
                  class="secondary"
                  disabled={busy.value}
                  onClick={() => run(api.endCoTherapy(code, t.id, todayIn(timezone)), onChanged)}
                >
                  Ended today
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form class="outcome-form" id="co-therapy-form" onSubmit={submit}>
          <div class="field-grid">
            <label for="co-what">
              <span>What</span>
              <input id="co-what" name="what" maxLength={200} />
            </label>
            <label for="co-kind">
              <span>Kind</span>
              <select id="co-kind" name="kind">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label for="co-dose">
              <span>Dose or frequency</span>
              <input id="co-dose" name="dose" maxLength={200} placeholder="5 mg at night; weekly, 30 min" />
            </label>
            <label for="co-from">
              <span>From</span>
              <input id="co-from" name="from" type="date" />
            </label>
            <label for="co-to">
              <span>To (empty: ongoing)</span>
              <input id="co-to" name="to" type="date" />
            </label>
          </div>
          <button type="submit" disabled={busy.value}>
            Add co-therapy
          </button>
        </form>
      )}
      <ErrorLines error={error.value} />
    </section>
  );
}
