import type { Programme } from '../../../../../shared/api-outcomes.js';
import * as api from '../../api.js';
import { ErrorLines } from './error-lines.js';
import { useSave } from './use-save.js';

/** The programme's first (and, once it ends, last) day: what the trends mark and the summary compares. */
export function ProgrammeForm({
  code,
  programme,
  canWrite,
  onSaved,
}: {
  code: string;
  programme: Programme;
  canWrite: boolean;
  onSaved: () => void;
}) {
  const { busy, error, run } = useSave();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const end = String(data.get('end') ?? '');
    run(api.setProgramme(code, { start: String(data.get('start') ?? ''), end: end || null }), onSaved);
  };
  return (
    <section class="programme" aria-labelledby="programme-title">
      <h3 id="programme-title">Programme</h3>
      <p id="programme-days">
        From <strong>{programme.start}</strong>
        {programme.end ? ` to ${programme.end}` : ', ongoing'}.
      </p>
      {canWrite && (
        <form
          class="control-row"
          id="programme-form"
          onSubmit={submit}
          key={`${programme.start}/${programme.end}`}
        >
          <label for="programme-start">
            <span>First day</span>
            <input id="programme-start" name="start" type="date" defaultValue={programme.start} />
          </label>
          <label for="programme-end">
            <span>Last day (empty: ongoing)</span>
            <input id="programme-end" name="end" type="date" defaultValue={programme.end ?? ''} />
          </label>
          <button type="submit" disabled={busy.value}>
            Save programme
          </button>
        </form>
      )}
      <ErrorLines error={error.value} />
    </section>
  );
}
