import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { QuestionnaireMeasure, Trends } from '../../../../../shared/api-outcomes.js';
import { axis, Chart, INK } from '../chart.js';
import { daySeconds, todayIn, weekMiddle } from './days.js';
import { MEASURE_NAMES, num } from './scores.js';
import { trendMarks } from './trend-marks.js';

type Options = Omit<uPlot.Options, 'width' | 'height'>;
const DAY_S = 86_400;
const points = { show: true, size: 7 };
const MEASURE_INK: Record<QuestionnaireMeasure, string> = {
  psqi: INK.trend,
  isi: INK.tempo,
  gad7: INK.volume,
  phq9: INK.hr,
};
const MEASURES = Object.keys(MEASURE_NAMES) as QuestionnaireMeasure[];

/** The questionnaires as aligned columns: one x per entry, each measure null where another was taken. */
function questionnaireColumns(t: Trends): uPlot.AlignedData {
  const x = [...new Set(MEASURES.flatMap((m) => t.questionnaires[m].map((p) => p.at / 1000)))].sort(
    (a, b) => a - b,
  );
  return [
    x,
    ...MEASURES.map((m) => {
      const at = new Map(t.questionnaires[m].map((p) => [p.at / 1000, p.value]));
      return x.map((v) => at.get(v) ?? null);
    }),
  ];
}

/**
 * The outcomes over the programme: questionnaire totals, the diary by week and the unit's nights,
 * on one time axis with the programme's start and the co-therapies marked; tables give the numbers.
 */
export function OutcomeTrends({ trends }: { trends: Trends }) {
  const built = useMemo(() => {
    const today = todayIn(trends.timezone);
    const questionnaires = questionnaireColumns(trends);
    const diaryX = trends.diary_weeks.map((w) => daySeconds(weekMiddle(w.week)));
    const diary: uPlot.AlignedData = [
      diaryX,
      trends.diary_weeks.map((w) => w.sol_min),
      trends.diary_weeks.map((w) => w.tst_min),
      trends.diary_weeks.map((w) => w.se_pct),
    ];
    const unit: uPlot.AlignedData = [
      trends.unit_nights.map((n) => daySeconds(n.night)),
      trends.unit_nights.map((n) => n.baseline_bpm),
      trends.unit_nights.map((n) => (n.calm_point_s === null ? null : n.calm_point_s / 60)),
      trends.unit_nights.map((n) => (n.completion === null ? null : n.completion * 100)),
    ];
    // One time range for the three charts: the programme (and anything before it) to today.
    const xs = [
      daySeconds(trends.programme.start),
      daySeconds(today),
      ...questionnaires[0],
      ...diaryX,
      ...unit[0],
    ];
    const range: [number, number] = [Math.min(...xs) - DAY_S, Math.max(...xs) + DAY_S];
    const plugins = [trendMarks(trends.programme.start, trends.co_therapies, today)];
    const x = { time: true, range };
    const options = (scales: uPlot.Scales, axes: uPlot.Axis[], series: uPlot.Series[]): Options => ({
      scales: { x, ...scales },
      axes: [axis('x', '', 2), ...axes],
      series: [{ label: 'day' }, ...series],
      plugins,
    });
    return {
      questionnaires,
      diary,
      unit,
      questionnaireOptions: options(
        { score: { range: [0, 28] } },
        [axis('score', 'total')],
        MEASURES.map((m) => ({
          label: MEASURE_NAMES[m] + (m === 'psqi' ? ' global' : ''),
          scale: 'score',
          stroke: MEASURE_INK[m],
          width: 2,
          points,
          spanGaps: true,
        })),
      ),
      diaryOptions: options(
        { min: { range: (_u, _lo, hi) => [0, Math.max(60, hi * 1.1)] }, pct: { range: [0, 100] } },
        [axis('min', 'minutes'), axis('pct', 'efficiency %', 1)],
        [
          { label: 'time to fall asleep (min)', scale: 'min', stroke: INK.calm, width: 2, points },
          { label: 'total sleep (min)', scale: 'min', stroke: INK.trend, width: 2, points },
          { label: 'sleep efficiency %', scale: 'pct', stroke: INK.tempo, width: 2, dash: [2, 3], points },
        ],
      ),
      unitOptions: options(
        { bpm: { auto: true }, min: { auto: true }, pct: { range: [0, 100] } },
        [
          axis('bpm', 'beats/min'),
          axis('min', 'calm point (min)', 3, { grid: { show: false } }),
          axis('pct', 'completion %', 1),
        ],
        [
          { label: 'baseline heart rate', scale: 'bpm', stroke: INK.trend, width: 2, points },
          { label: 'calm point (min)', scale: 'min', stroke: INK.calm, width: 2, points },
          { label: 'completion %', scale: 'pct', stroke: INK.tempo, width: 2, dash: [2, 3], points },
        ],
      ),
    };
  }, [trends]);
  const entries = MEASURES.flatMap((m) => trends.questionnaires[m].map((p) => ({ ...p, measure: m }))).sort(
    (a, b) => a.at - b.at,
  );
  return (
    <section class="outcome-trends" aria-labelledby="outcome-trends-title">
      <h3 id="outcome-trends-title">Outcomes over time</h3>
      <p class="muted">
        The dashed yellow line is the programme's first day ({trends.programme.start}); blue bands are
        co-therapies. The heart-rate calm point is the unit's proxy, not sleep onset latency (that is the
        diary's).
      </p>
      <h4>Questionnaire totals</h4>
      <Chart
        id="trend-questionnaires"
        label="PSQI global, ISI, GAD-7 and PHQ-9 totals over time"
        height={200}
        options={built.questionnaireOptions}
        data={built.questionnaires}
      />
      {entries.length === 0 ? (
        <p class="muted">No questionnaires yet.</p>
      ) : (
        <table id="outcome-scores" class="compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Measure</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-measure={e.measure}>
                <td>{e.day}</td>
                <td>{MEASURE_NAMES[e.measure]}</td>
                <td class="num">{num(e.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Sleep diary by week</h4>
      <Chart
        id="trend-diary"
        label="Diary time to fall asleep, total sleep and sleep efficiency, weekly means"
        height={200}
        options={built.diaryOptions}
        data={built.diary}
      />
      {trends.diary_weeks.length === 0 ? (
        <p class="muted">No diary nights yet.</p>
      ) : (
        <table id="diary-weeks" class="compact">
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">Nights</th>
              <th scope="col">Time to fall asleep (min)</th>
              <th scope="col">Total sleep (min)</th>
              <th scope="col">Efficiency (%)</th>
            </tr>
          </thead>
          <tbody>
            {trends.diary_weeks.map((w) => (
              <tr key={w.week} data-week={w.week}>
                <th scope="row">{w.week}</th>
                <td class="num">{w.nights}</td>
                <td class="num" data-field="sol_min">
                  {num(w.sol_min, 1)}
                </td>
                <td class="num" data-field="tst_min">
                  {num(w.tst_min, 1)}
                </td>
                <td class="num" data-field="se_pct">
                  {num(w.se_pct, 1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>What the unit measured, per night</h4>
      <Chart
        id="trend-unit"
        label="Baseline heart rate, calm-point time and completion per night"
        height={200}
        options={built.unitOptions}
        data={built.unit}
      />
      {trends.unit_nights.length > 0 && (
        <details>
          <summary>The unit's nights as a table</summary>
          <div class="table-scroll">
            <table id="unit-nights" class="compact">
              <thead>
                <tr>
                  <th scope="col">Night</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Completion (%)</th>
                  <th scope="col">Baseline (bpm)</th>
                  <th scope="col">Calm point (min)</th>
                </tr>
              </thead>
              <tbody>
                {trends.unit_nights.map((n) => (
                  <tr key={n.night} data-night={n.night}>
                    <th scope="row">{n.night}</th>
                    <td class="num">{n.sessions}</td>
                    <td class="num">{n.completion === null ? '—' : num(n.completion * 100)}</td>
                    <td class="num">{num(n.baseline_bpm, 1)}</td>
                    <td class="num">{n.calm_point_s === null ? '—' : num(n.calm_point_s / 60, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
