import type { QuestionnaireEntry, QuestionnaireMeasure } from '../../../../../shared/api-outcomes.js';

export const MEASURE_NAMES: Record<QuestionnaireMeasure, string> = {
  psqi: 'PSQI',
  isi: 'ISI',
  gad7: 'GAD-7',
  phq9: 'PHQ-9',
};

const dash = '—';
export const band = (b: string | null | undefined) => (b ? b.replaceAll('_', ' ') : dash);
export const num = (v: number | null | undefined, digits = 0) => (v == null ? dash : v.toFixed(digits));

/** What an entry scored, as a caregiver reads it at once after saving it. */
export function EntryScores({ entry }: { entry: QuestionnaireEntry }) {
  const name = MEASURE_NAMES[entry.measure];
  if (entry.measure === 'psqi') {
    const c = entry.scores.components;
    return (
      <p class="entry-scores" data-measure="psqi" data-total={entry.scores.global ?? ''}>
        <strong>
          {name} global {num(entry.scores.global)}
        </strong>
        {entry.scores.global === null && ' (incomplete: a component lacks an item)'} · components{' '}
        {(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'] as const)
          .map((k) => `${k.toUpperCase()} ${num(c[k])}`)
          .join(', ')}
      </p>
    );
  }
  return (
    <p class="entry-scores" data-measure={entry.measure} data-total={entry.scores.total ?? ''}>
      <strong>
        {name} total {num(entry.scores.total)}
      </strong>{' '}
      · {band(entry.scores.band)}
      {entry.measure === 'phq9' && entry.scores.self_harm_flag && (
        <span class="self-harm" data-self-harm="true">
          {' '}
          · <span aria-hidden="true">▲ </span>item 9 above 0: a high-severity alert went to the patient's
          caregivers
        </span>
      )}
    </p>
  );
}
