import { useSignal } from '@preact/signals';
import type {
  ItemsView,
  QuestionnaireBody,
  QuestionnaireEntry,
  QuestionnaireMeasure,
} from '../../../../../shared/api-outcomes.js';
import * as api from '../../api.js';
import { noonIn, todayIn } from './days.js';
import { ErrorLines } from './error-lines.js';
import { EntryScores, MEASURE_NAMES } from './scores.js';
import { useSave } from './use-save.js';

/** The highest answer of a rated item (ISI 0–4, the others 0–3). */
const TOP: Record<QuestionnaireMeasure, number> = { psqi: 3, isi: 4, gad7: 3, phq9: 3 };

/** PSQI items that are not a rating: how each is entered. */
const SPECIAL: Record<
  string,
  { type: 'time' | 'number' | 'checkbox'; unit?: string; max?: number; step?: string }
> = {
  bed: { type: 'time' },
  rise: { type: 'time' },
  latency_min: { type: 'number', unit: 'min', max: 720, step: '1' },
  sleep_h: { type: 'number', unit: 'h', max: 24, step: 'any' },
  q5j_described: { type: 'checkbox' },
};

/** The form's answers by item name; an item left empty is left out (its scores become null, never 0). */
function answersOf(form: HTMLFormElement, names: readonly string[]): Record<string, unknown> {
  const data = new FormData(form);
  const answers: Record<string, unknown> = {};
  for (const name of names) {
    const raw = data.get(name);
    const kind = SPECIAL[name]?.type;
    if (kind === 'checkbox') {
      if (raw !== null) answers[name] = true;
    } else if (typeof raw === 'string' && raw !== '') {
      answers[name] = kind === 'time' ? raw : Number(raw);
    }
  }
  return answers;
}

function ItemField({
  measure,
  name,
  label,
  text,
}: {
  measure: QuestionnaireMeasure;
  name: string;
  label: string;
  text: string | null;
}) {
  const id = `q-${measure}-${name}`;
  const special = SPECIAL[name];
  const hint = text && <small class="item-text">{text}</small>;
  if (special?.type === 'checkbox')
    return (
      <label class="item checkbox" for={id}>
        <input id={id} name={name} type="checkbox" />
        <span>{label}</span>
        {hint}
      </label>
    );
  return (
    <label class="item" for={id}>
      <span>
        {label}
        {special?.unit ? ` (${special.unit})` : ''}
      </span>
      {hint}
      {special ? (
        <input
          id={id}
          name={name}
          type={special.type}
          min={special.max ? 0 : undefined}
          max={special.max}
          step={special.step}
        />
      ) : (
        <select id={id} name={name}>
          <option value="">—</option>
          {Array.from({ length: TOP[measure] + 1 }, (_, v) => (
            <option key={v} value={String(v)}>
              {v}
            </option>
          ))}
        </select>
      )}
    </label>
  );
}

/** Enter a PSQI, ISI, GAD-7 or PHQ-9 by item number; the saved entry's scores show at once. */
export function QuestionnaireForm({
  code,
  timezone,
  items,
  onSaved,
}: {
  code: string;
  timezone: string;
  items: ItemsView;
  onSaved: (entry: QuestionnaireEntry) => void;
}) {
  const measure = useSignal<QuestionnaireMeasure>('psqi');
  const saved = useSignal<QuestionnaireEntry | undefined>(undefined);
  const { busy, error, run } = useSave();
  /** Bumped after each save: the items re-mount empty for the next entry, the measure and day stay. */
  const round = useSignal(0);
  const names = Object.keys(items[measure.value]);
  const today = todayIn(timezone);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const day = String(new FormData(form).get('taken_on') ?? '');
    // Today's entry is taken now; an earlier day's (a paper form entered later) at its noon.
    const body = {
      measure: measure.value,
      answers: answersOf(form, names),
      ...(day && day < today ? { taken_at: noonIn(day, timezone) } : {}),
    } as QuestionnaireBody;
    saved.value = undefined;
    run(api.addQuestionnaire(code, body), (entry) => {
      saved.value = entry;
      round.value += 1;
      onSaved(entry);
    });
  };
  return (
    <form
      class="outcome-form"
      id="questionnaire-form"
      onSubmit={submit}
      aria-labelledby="questionnaire-title"
    >
      <h3 id="questionnaire-title">Questionnaire</h3>
      <div class="control-row">
        <label>
          <span>Measure</span>
          <select
            name="measure"
            value={measure.value}
            onChange={(e) => {
              measure.value = e.currentTarget.value as QuestionnaireMeasure;
              saved.value = undefined;
              error.value = undefined;
            }}
          >
            {(Object.keys(MEASURE_NAMES) as QuestionnaireMeasure[]).map((m) => (
              <option key={m} value={m}>
                {MEASURE_NAMES[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Taken on</span>
          <input type="date" name="taken_on" max={today} defaultValue={today} />
        </label>
      </div>
      <p class="muted">
        Item numbers with short neutral labels; an item left at — counts as missing, never as 0.
      </p>
      <fieldset class="items" key={`${measure.value}/${round.value}`}>
        <legend class="visually-hidden">{MEASURE_NAMES[measure.value]} items</legend>
        {names.map((name) => {
          const item = items[measure.value][name];
          return item ? (
            <ItemField key={name} measure={measure.value} name={name} label={item.label} text={item.text} />
          ) : null;
        })}
      </fieldset>
      <button type="submit" disabled={busy.value}>
        Save {MEASURE_NAMES[measure.value]}
      </button>
      <ErrorLines error={error.value} />
      {saved.value && (
        <output id="questionnaire-saved" class="saved">
          Saved. <EntryScores entry={saved.value} />
        </output>
      )}
    </form>
  );
}
