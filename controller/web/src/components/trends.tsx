import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Night } from '../../../../shared/api-dashboard.js';
import { axis, Chart, INK } from './chart.js';

/** Noon UTC of a night's date, in seconds: one point per night on a time axis. */
const at = (night: string) => Date.parse(`${night}T12:00:00Z`) / 1000;

/** Nightly trends: baseline and minimum heart rate; calm-point time and completion. Gaps stay gaps. */
export function Trends({ nights }: { nights: Night[] }) {
  const { hr, calm } = useMemo(() => {
    const x = nights.map((n) => at(n.night));
    const hrData: uPlot.AlignedData = [x, nights.map((n) => n.baseline_bpm), nights.map((n) => n.min_bpm)];
    const calmData: uPlot.AlignedData = [
      x,
      nights.map((n) => (n.calm_point_s == null ? null : n.calm_point_s / 60)),
      nights.map((n) => (n.completion == null ? null : n.completion * 100)),
    ];
    return { hr: hrData, calm: calmData };
  }, [nights]);
  const points = { show: true, size: 6 };
  const hrOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: true }, bpm: { auto: true } },
      axes: [axis('x', '', 2), axis('bpm', 'beats/min')],
      series: [
        { label: 'night' },
        { label: 'baseline heart rate', scale: 'bpm', stroke: INK.trend, width: 2, points },
        { label: 'minimum heart rate', scale: 'bpm', stroke: INK.hr, width: 2, dash: [6, 4], points },
      ],
    }),
    [],
  );
  const calmOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: true }, min: { auto: true }, pct: { range: [0, 100] } },
      axes: [axis('x', '', 2), axis('min', 'calm point (min)'), axis('pct', 'completion %', 1)],
      series: [
        { label: 'night' },
        { label: 'calm point (min)', scale: 'min', stroke: INK.calm, width: 2, points },
        { label: 'completion %', scale: 'pct', stroke: INK.tempo, width: 2, dash: [2, 3], points },
      ],
    }),
    [],
  );
  return (
    <div class="trends">
      <Chart
        id="trend-hr"
        label="Baseline and minimum heart rate per night"
        height={220}
        options={hrOptions}
        data={hr}
      />
      <Chart
        id="trend-calm"
        label="Calm-point time and completion per night"
        height={220}
        options={calmOptions}
        data={calm}
      />
    </div>
  );
}
