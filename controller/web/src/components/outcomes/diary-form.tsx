import { useSignal } from '@preact/signals';
import type { DiaryEntry } from '../../../../../shared/api-outcomes.js';
import type { DiaryNight } from '../../../../../shared/schemas/outcomes/index.js';
import * as api from '../../api.js';
import { addDays, todayIn } from './days.js';
import { ErrorLines } from './error-lines.js';
import { num } from './scores.js';
import { useSave } from './use-save.js';

/** The night's fields (docs/outcomes.md "Consensus Sleep Diary"), as the form reads them. */
function nightOf(form: HTMLFormElement): DiaryNight {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const number = (name: string) => (text(name) === '' ? Number.NaN : Number(text(name)));
  return {
    date: text('date'),
    bedtime: text('bedtime'),
    sol_min: number('sol_min'),
    awakenings: number('awakenings'),
    waso_min: number('waso_min'),
    final_wake: text('final_wake'),
    out_of_bed: text('out_of_bed'),
    ...(text('quality') ? { quality: Number(text('quality')) } : {}),
  };
}

function Field({
  name,
  label,
  type,
  unit,
  max,
}: {
  name: string;
  label: string;
  type: 'time' | 'number';
  unit?: string;
  max?: number;
}) {
  return (
    <label for={`diary-${name}`}>
      <span>
        {label}
        {unit ? ` (${unit})` : ''}
      </span>
      <input
        id={`diary-${name}`}
        name={name}
        type={type}
        min={type === 'number' ? 0 : undefined}
        max={max}
        step={type === 'number' ? '1' : undefined}
      />
    </label>
  );
}

/** One night of the sleep diary, entered the morning after; its TIB, TST and SE show once saved. */
export function DiaryForm({
  code,
  timezone,
  onSaved,
}: {
  code: string;
  timezone: string;
  onSaved: () => void;
}) {
  const saved = useSignal<DiaryEntry | undefined>(undefined);
  const { busy, error, run } = useSave();
  // A night can be entered once it has ended: last night at the latest.
  const lastNight = addDays(todayIn(timezone), -1);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    saved.value = undefined;
    run(api.addDiaryNight(code, nightOf(form)), (entry) => {
      saved.value = entry;
      onSaved();
    });
  };
  const s = saved.value?.scores;
  return (
    <form class="outcome-form" id="diary-form" onSubmit={submit} aria-labelledby="diary-title">
      <h3 id="diary-title">Sleep diary night</h3>
      <div class="field-grid">
        <label for="diary-date">
          <span>Night of (the evening)</span>
          <input id="diary-date" name="date" type="date" max={lastNight} defaultValue={lastNight} />
        </label>
        <Field name="bedtime" label="Went to bed" type="time" />
        <Field name="sol_min" label="Time to fall asleep" type="number" unit="min" max={720} />
        <Field name="awakenings" label="Times woken" type="number" max={50} />
        <Field name="waso_min" label="Awake after falling asleep" type="number" unit="min" max={720} />
        <Field name="final_wake" label="Final awakening" type="time" />
        <Field name="out_of_bed" label="Out of bed" type="time" />
        <label for="diary-quality">
          <span>Quality (1 very poor … 5 very good)</span>
          <select id="diary-quality" name="quality">
            <option value="">—</option>
            {[1, 2, 3, 4, 5].map((q) => (
              <option key={q} value={String(q)}>
                {q}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit" disabled={busy.value}>
        Save night
      </button>
      <ErrorLines error={error.value} />
      {saved.value && s && (
        <output id="diary-saved" class="saved" data-date={saved.value.date}>
          Saved the night of {saved.value.date}: time in bed{' '}
          <span data-field="tib_min">{num(s.tib_min, 1)}</span> min, total sleep{' '}
          <span data-field="tst_min">{num(s.tst_min, 1)}</span> min, efficiency{' '}
          <span data-field="se_pct">{num(s.se_pct, 1)}</span> %.
        </output>
      )}
    </form>
  );
}
