import type { UnitView } from '../../../../shared/api.js';
import type { NightStatus } from '../../../../shared/api-dashboard.js';
import { now } from '../clock.js';
import { ago } from '../format.js';

/**
 * Meaning is never carried by colour alone: every status has its own glyph (a shape) and a word;
 * the colour only repeats it.
 */

export const NIGHT_LABEL: Record<NightStatus, string> = {
  completed: 'completed',
  stopped_early: 'stopped early',
  fault: 'fault',
  in_progress: 'in progress',
  missed: 'missed',
  no_data: 'no data',
  none: 'nothing scheduled',
};
export const NIGHT_GLYPH: Record<NightStatus, string> = {
  completed: '●',
  stopped_early: '◐',
  fault: '▲',
  in_progress: '◌',
  missed: '✕',
  no_data: '?',
  none: '·',
};

export function NightBadge({ status }: { status: NightStatus | null | undefined }) {
  if (!status) return <span class="muted">—</span>;
  return (
    <span class="night-badge" data-night={status}>
      <span class="glyph" aria-hidden="true">
        {NIGHT_GLYPH[status]}
      </span>
      {NIGHT_LABEL[status]}
    </span>
  );
}

/** "Last heard" keeps counting without redrawing anything but itself. */
export function Ago({ at }: { at: number | null | undefined }) {
  return <>{ago(at, now.value)}</>;
}

export function UnitStatus({ view, unit }: { view: UnitView | undefined; unit: string | null }) {
  if (!unit) return <span class="muted">no unit</span>;
  const state = !view ? 'unheard' : view.online ? 'online' : 'offline';
  return (
    <span class="status" data-online={String(view?.online ?? false)} data-state={state}>
      <span class="glyph" aria-hidden="true">
        {state === 'online' ? '●' : state === 'offline' ? '○' : '◌'}
      </span>
      <span class="word">{state === 'unheard' ? 'not heard yet' : state}</span>
      {view && (
        <span class="heard">
          {' · heard '}
          <Ago at={view.state_ts ?? view.last_seen_at} />
        </span>
      )}
    </span>
  );
}

export function Severity({ severity }: { severity: 'info' | 'warning' | 'high' }) {
  return (
    <span class="severity" data-severity={severity}>
      <span class="glyph" aria-hidden="true">
        {severity === 'high' ? '▲' : severity === 'warning' ? '◆' : '○'}
      </span>
      {severity}
    </span>
  );
}
