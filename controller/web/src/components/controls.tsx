import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { CommandHistoryEntry, CommandState } from '../../../../shared/api-dashboard.js';
import * as api from '../api.js';
import { dateTime } from '../format.js';

const STATE_GLYPH: Record<CommandState, string> = {
  sent: '→',
  accepted: '◔',
  done: '✓',
  rejected: '✕',
  expired: '⌛',
};
const PENDING: CommandState[] = ['sent', 'accepted'];
/** While an answer is awaited the history is re-read this often (the unit answers within seconds). */
const POLL_MS = 700;

function StateBadge({ entry }: { entry: CommandHistoryEntry }) {
  return (
    <span class="cmd-state" data-state={entry.state}>
      <span class="glyph" aria-hidden="true">
        {STATE_GLYPH[entry.state]}
      </span>
      {entry.state}
      {entry.reason ? `: ${entry.reason}` : ''}
    </span>
  );
}

/**
 * Start, stop and snooze the patient's unit, with the unit's answer shown as it comes (sent →
 * accepted → done; rejected with its reason; expired), and the history of commands.
 */
export function Controls({
  code,
  timezone,
  canControl,
}: {
  code: string;
  timezone: string;
  canControl: boolean;
}) {
  const history = useSignal<CommandHistoryEntry[]>([]);
  const error = useSignal('');
  const minutes = useSignal(30);
  const timer = useRef<number | undefined>(undefined);

  const refresh = async (): Promise<void> => {
    const list = await api.commands(code);
    history.value = list;
    window.clearTimeout(timer.current);
    if (list.some((c) => PENDING.includes(c.state)))
      timer.current = window.setTimeout(() => void refresh().catch(() => undefined), POLL_MS);
  };
  useEffect(() => {
    void refresh().catch(() => undefined);
    return () => window.clearTimeout(timer.current);
  }, [code]);

  const send = (name: 'start' | 'stop' | 'snooze') => {
    error.value = '';
    const args = name === 'snooze' ? { minutes: minutes.value } : {};
    api
      .sendCommand(code, name, args)
      .then(refresh)
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err.message : 'the command was not sent';
      });
  };
  const latest = history.value[0];
  return (
    <section class="controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Controls</h2>
      {canControl ? (
        <div class="control-row">
          <button type="button" onClick={() => send('start')}>
            Start session
          </button>
          <button type="button" onClick={() => send('stop')}>
            Stop session
          </button>
          <label class="snooze">
            <span>Snooze the next session by</span>
            <select
              value={minutes.value}
              onChange={(e) => {
                minutes.value = Number((e.currentTarget as HTMLSelectElement).value);
              }}
            >
              {[15, 30, 60, 120].map((m) => (
                <option key={m} value={m}>
                  {m} min
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => send('snooze')}>
            Snooze
          </button>
        </div>
      ) : (
        <p class="muted">You can view this patient but not control the unit.</p>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <p id="command-latest" aria-live="polite">
        {latest ? (
          <>
            Last command: <strong>{latest.name}</strong> <StateBadge entry={latest} />
          </>
        ) : (
          'No commands sent yet.'
        )}
      </p>
      {history.value.length > 0 && (
        <table id="commands" class="compact">
          <caption>Command history</caption>
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">Command</th>
              <th scope="col">By</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {history.value.map((c) => (
              <tr key={c.cmd_id} data-cmd={c.cmd_id} data-state={c.state}>
                <td>{dateTime(c.issued_at, timezone)}</td>
                <td>
                  {c.name}
                  {c.name === 'snooze' && typeof c.args.minutes === 'number' ? ` ${c.args.minutes} min` : ''}
                </td>
                <td>{c.actor ?? '—'}</td>
                <td>
                  <StateBadge entry={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
