import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import * as api from '../api.js';
import { axis, Chart, INK } from '../components/chart.js';
import { bpm, dateTime, duration, percent } from '../format.js';
import { nightColumns } from '../night-series.js';
import { patientUrl } from '../router.js';

/** The chart asks for about one point per pixel of a wide screen; the server downsamples. */
const POINTS = 1200;

interface Band {
  phase: string;
  from: number;
  to: number;
}
interface Mark {
  at: number;
  glyph: string;
  label: string;
}

const PHASE_FILL: Record<string, string> = {
  settling: 'rgba(156, 199, 240, 0.10)',
  descending: 'rgba(185, 162, 242, 0.10)',
  fading: 'rgba(232, 224, 122, 0.08)',
  paused: 'rgba(217, 210, 197, 0.16)',
};

function bandsOf(report: api.SessionReport | null, start: number, end: number): Band[] {
  const phases = report?.phases ?? [];
  return phases.map((p, i) => ({
    phase: p.phase,
    from: start + p.at_s,
    to: i + 1 < phases.length ? start + (phases[i + 1]?.at_s ?? 0) : end,
  }));
}

function marksOf(detail: api.NightDetail, start: number, end: number): Mark[] {
  const report = detail.report;
  const marks: Mark[] = detail.commands.map((c) => ({
    at: c.issued_at / 1000,
    glyph: '⌘',
    label: `command ${c.name} sent (${c.status}${c.reason ? `: ${c.reason}` : ''})`,
  }));
  if (!report) return marks;
  if (report.calm_point_s != null)
    marks.push({ at: start + report.calm_point_s, glyph: '◆', label: 'calm point' });
  for (const s of report.calm_withdrawn_s ?? [])
    marks.push({ at: start + s, glyph: '◇', label: 'calm point withdrawn (button)' });
  if (report.fade_start_s != null)
    marks.push({
      at: start + report.fade_start_s,
      glyph: '▽',
      label: `final fade (${report.fade_cause ?? ''})`,
    });
  for (const g of report.pulse_gaps ?? [])
    marks.push({ at: start + g.start_s, glyph: '✕', label: 'pulse lost' });
  for (const s of report.snoozes ?? []) marks.push({ at: start + s.start_s, glyph: 'Ⅱ', label: 'snoozed' });
  for (const p of report.phases ?? [])
    if (/button|command/i.test(p.reason)) marks.push({ at: start + p.at_s, glyph: '●', label: p.reason });
  for (const f of report.faults ?? [])
    marks.push({ at: f.since / 1000, glyph: '▲', label: `fault ${f.code} (${f.port})` });
  if (report.end_reason)
    marks.push({ at: end, glyph: '■', label: `ended: ${report.end_detail ?? report.end_reason}` });
  return marks.filter((m) => m.at >= start - 1 && m.at <= end + 1).sort((a, b) => a.at - b.at);
}

/** Phases as labelled bands behind the lines, events as labelled vertical marks over them. */
function overlay(bands: Band[], marks: Mark[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
        for (const b of bands) {
          const x0 = u.valToPos(b.from, 'x', true);
          const x1 = u.valToPos(b.to, 'x', true);
          ctx.fillStyle = PHASE_FILL[b.phase] ?? 'rgba(217, 210, 197, 0.05)';
          ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
          ctx.fillStyle = INK.text;
          if (x1 - x0 > 60 * devicePixelRatio)
            ctx.fillText(b.phase, x0 + 4, bbox.top + 14 * devicePixelRatio);
          ctx.strokeStyle = 'rgba(217, 210, 197, 0.35)';
          ctx.beginPath();
          ctx.moveTo(x0, bbox.top);
          ctx.lineTo(x0, bbox.top + bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.font = `${13 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.strokeStyle = INK.text;
        ctx.fillStyle = INK.text;
        for (const m of marks) {
          const x = u.valToPos(m.at, 'x', true);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top + 20 * devicePixelRatio);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillText(m.glyph, x - 5 * devicePixelRatio, bbox.top + 32 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

const IRREGULAR = 'An irregular pulse was measured; not a medical device; consider a clinical review.';

function ReportFacts({ detail, tz }: { detail: api.NightDetail; tz: string }) {
  const r = detail.report;
  const s = detail.session;
  const rows: [string, string][] = [
    ['Started', dateTime(s.started_at, tz)],
    ['Ended', dateTime(s.ended_at, tz)],
    ['Length', `${duration(s.duration_s)} of ${duration(s.planned_s)} planned`],
    ['Started by', s.trigger ?? '—'],
    ['Ended by', r?.end_detail ?? s.end_reason ?? (s.ended_at == null ? 'in progress' : '—')],
  ];
  if (r) {
    rows.push(
      ['Baseline heart rate', bpm(r.baseline_bpm)],
      ['Lowest heart rate', bpm(r.min_bpm)],
      [
        'Calm point (a proxy, not sleep onset)',
        r.calm_point_s == null ? 'none' : `after ${duration(r.calm_point_s)}`,
      ],
      ['Trusted pulse', percent(r.valid_pulse_fraction)],
      ['Pulse lost', `${r.pulse_gaps?.length ?? 0} time(s)`],
      ['Snoozed', duration(r.paused_s)],
      ['Volume cap / peak', `${r.volume_cap_dba ?? '—'} / ${r.volume_peak_dba ?? '—'} dB(A)`],
      [
        'Music',
        r.params?.music
          ? `${r.params.music.source}${r.params.music.preset ? ` (${r.params.music.preset})` : ''}`
          : '—',
      ],
      ['Heart-rate input', r.params?.heart_rate?.source ?? '—'],
      ['Seed', r.seed == null ? '—' : String(r.seed)],
    );
  }
  return (
    <dl class="facts" id="report">
      {rows.map(([k, v]) => (
        <>
          <dt key={`${k}-t`}>{k}</dt>
          <dd key={`${k}-d`}>{v}</dd>
        </>
      ))}
    </dl>
  );
}

export function NightPage({ code, sessionId }: { code: string; sessionId: string }) {
  const detail = useSignal<api.NightDetail | undefined>(undefined);
  const tz = useSignal<string | undefined>(undefined);
  const error = useSignal('');
  useEffect(() => {
    document.title = `Night ${sessionId} · ${code} · Nocturne`;
    Promise.all([api.night(code, sessionId, POINTS), api.patient(code)])
      .then(([d, p]) => {
        tz.value = p.timezone;
        detail.value = d;
      })
      .catch((err: unknown) => {
        error.value =
          err instanceof api.HttpError && err.status === 404 ? 'No such night (or not yours).' : String(err);
      });
  }, [code, sessionId]);
  const d = detail.value;
  const chart = useMemo(() => {
    if (!d) return undefined;
    const data = nightColumns(d.samples);
    const start = (d.session.started_at ?? d.samples[0]?.t ?? 0) / 1000;
    const end = (d.session.ended_at ?? d.samples.at(-1)?.t ?? start * 1000) / 1000;
    const bands = bandsOf(d.report, start, end);
    const marks = marksOf(d, start, end);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      plugins: [overlay(bands, marks)],
      scales: { x: { time: true }, bpm: { auto: true }, db: { range: [0, 60] }, pct: { range: [0, 100] } },
      axes: [axis('x', '', 2), axis('bpm', 'beats/min'), axis('db', 'dB(A)', 1), axis('pct', 'light %', 1)],
      series: [
        { label: 'time' },
        { label: 'heart rate (measured)', scale: 'bpm', stroke: INK.hr, width: 1 },
        { label: 'heart-rate trend', scale: 'bpm', stroke: INK.trend, width: 2, dash: [8, 4] },
        { label: 'music tempo', scale: 'bpm', stroke: INK.tempo, width: 2, dash: [2, 3] },
        { label: 'volume dB(A)', scale: 'db', stroke: INK.volume, width: 2 },
        { label: 'light %', scale: 'pct', stroke: INK.light, width: 2, dash: [12, 3, 2, 3] },
      ],
    };
    return { data, options, bands, marks };
  }, [d]);
  if (error.value)
    return (
      <p class="error" role="alert">
        {error.value}
      </p>
    );
  if (!d || !chart) return <p class="muted">Loading the night…</p>;
  const irregular = d.report?.rhythm_irregularity;
  const zone = tz.value;
  return (
    <div class="night-page" data-ready="true">
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Patients</a> › <a href={patientUrl(code)}>{code}</a> ›{' '}
        <span aria-current="page">night review</span>
      </nav>
      <h1 class="page-title">Night of {dateTime(d.session.started_at, zone)}</h1>
      <p class="notice" role="note">
        This is a review of recorded data, not real-time medical monitoring.
      </p>
      {irregular != null && irregular > 0 && (
        <p class="observation" id="irregular" role="note">
          <span aria-hidden="true">◆ </span>
          Observation: {IRREGULAR} ({Math.round(irregular * 100)} % of the judged windows.)
        </p>
      )}
      <div class="columns night">
        <section class="column wide" aria-labelledby="chart-title">
          <h2 id="chart-title">The night on one time axis</h2>
          <Chart
            id="night-chart"
            label="Heart rate measured and trend, music tempo, volume and light over the session, with phases as bands and events as marks"
            height={360}
            options={chart.options}
            data={chart.data}
          />
          <p class="muted">
            {d.samples.length} points. Gaps in the lines are times without samples or without a valid pulse;
            nothing is filled in.
          </p>
          <h3>Phases</h3>
          <ol id="phases" class="phases">
            {chart.bands.map((b) => (
              <li key={`${b.phase}-${b.from}`} data-phase={b.phase}>
                <strong>{b.phase}</strong> from {dateTime(b.from * 1000, zone)} ({duration(b.to - b.from)})
              </li>
            ))}
          </ol>
          <h3>Events</h3>
          <ol id="events" class="events">
            {chart.marks.map((m) => (
              <li key={`${m.label}-${m.at}`}>
                <span class="glyph" aria-hidden="true">
                  {m.glyph}
                </span>{' '}
                {dateTime(m.at * 1000, zone)}: {m.label}
              </li>
            ))}
          </ol>
        </section>
        <section class="column" aria-labelledby="report-title">
          <h2 id="report-title">Report</h2>
          <ReportFacts detail={d} tz={zone ?? 'UTC'} />
          <h3>Parameters (to reproduce this session)</h3>
          <dl class="facts params" id="params">
            {Object.entries({
              ...(d.report?.params?.program ?? {}),
              ...(d.report?.params?.calibration ?? {}),
            }).map(([k, v]) => (
              <>
                <dt key={`${k}-t`}>{k}</dt>
                <dd key={`${k}-d`}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
              </>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}
