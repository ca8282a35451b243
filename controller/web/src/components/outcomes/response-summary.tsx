import type { ResponseSummary, SummaryChange } from '../../../../../shared/schemas/outcomes/index.js';
import { coTherapyText } from './co-therapies.js';
import { num } from './scores.js';

type Measure = keyof ResponseSummary['measures'];

/** Each row: its name, what `n` counts, and how to show a value (calm point: seconds as minutes). */
type Counts = 'entries' | 'nights';
const ONE: Record<Counts, string> = { entries: 'entry', nights: 'night' };

const ROWS: readonly { key: Measure; name: string; counts: Counts; scale?: number; unit?: string }[] = [
  { key: 'psqi_global', name: 'PSQI global', counts: 'entries' },
  { key: 'isi_total', name: 'ISI total', counts: 'entries' },
  { key: 'gad7_total', name: 'GAD-7 total', counts: 'entries' },
  { key: 'phq9_total', name: 'PHQ-9 total', counts: 'entries' },
  { key: 'diary_sol_min', name: 'Diary: time to fall asleep', counts: 'nights', unit: 'min' },
  { key: 'diary_tst_min', name: 'Diary: total sleep', counts: 'nights', unit: 'min' },
  { key: 'baseline_bpm', name: 'Unit: baseline heart rate', counts: 'nights', unit: 'bpm' },
  { key: 'calm_point_s', name: 'Unit: heart-rate calm point', counts: 'nights', unit: 'min', scale: 1 / 60 },
];

function Side({ side, counts, scale }: { side: SummaryChange['first']; counts: Counts; scale: number }) {
  return (
    <td class="num" data-n={side.n}>
      {side.mean === null ? '—' : num(side.mean * scale, 1)}{' '}
      <span class="muted">
        ({side.n} {side.n === 1 ? ONE[counts] : counts})
      </span>
    </td>
  );
}

/** The first two weeks of the programme against the last two, each change with what it rests on. */
export function ResponseSummaryView({ summary }: { summary: ResponseSummary }) {
  return (
    <section class="response-summary" aria-labelledby="response-title">
      <h3 id="response-title">Response</h3>
      <p id="reads-as">
        Reads as <strong>{summary.reads_as}</strong>
        {summary.co_therapies.length > 0 && (
          <span class="muted"> ({summary.co_therapies.map(coTherapyText).join('; ')})</span>
        )}
        .
      </p>
      <div class="table-scroll">
        <table id="response-summary" class="compact">
          <caption class="muted">
            First two weeks ({summary.first_weeks.from} to {summary.first_weeks.to}) against the last two (
            {summary.last_weeks.from} to {summary.last_weeks.to}); a change needs both sides.
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">First two weeks</th>
              <th scope="col">Last two weeks</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(({ key, name, counts, unit, scale = 1 }) => {
              const m = summary.measures[key];
              return (
                <tr key={key} data-measure={key}>
                  <th scope="row">
                    {name}
                    {unit ? ` (${unit})` : ''}
                  </th>
                  <Side side={m.first} counts={counts} scale={scale} />
                  <Side side={m.last} counts={counts} scale={scale} />
                  <td class="num change">
                    {m.change === null ? '—' : `${m.change > 0 ? '+' : ''}${num(m.change * scale, 1)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
