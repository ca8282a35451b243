import { useSignal } from '@preact/signals';
import type { ProtocolView } from '../../../../shared/api-protocols.js';
import * as api from '../api.js';

/**
 * A new version from an existing one: title, description and the parameters as JSON. The server
 * checks them against CLINICAL.md's limits; its `path: message` lines are shown as they come.
 */
export function ProtocolForm({
  from,
  onSaved,
  onCancel,
}: {
  from: ProtocolView;
  onSaved: (created: ProtocolView) => void;
  onCancel: () => void;
}) {
  const problems = useSignal<string[]>([]);
  const busy = useSignal(false);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    let params: unknown;
    try {
      params = JSON.parse(String(data.get('params') ?? ''));
    } catch {
      problems.value = ['params: not valid JSON'];
      return;
    }
    const description = String(data.get('description') ?? '').trim();
    busy.value = true;
    api
      .createProtocol({
        name: from.name,
        title: String(data.get('title') ?? '').trim(),
        ...(description ? { description } : {}),
        params: params as ProtocolView['params'],
      })
      .then(onSaved)
      .catch((err: unknown) => {
        problems.value = (err instanceof Error ? err.message : 'not saved').split('\n');
      })
      .finally(() => {
        busy.value = false;
      });
  };
  return (
    <form class="protocol-form" onSubmit={submit} aria-labelledby="protocol-form-title">
      <h2 id="protocol-form-title">
        New version of {from.name} (from v{from.version})
      </h2>
      <label for="protocol-title">Title</label>
      <input id="protocol-title" name="title" required maxLength={120} value={from.title} />
      <label for="protocol-description">Description</label>
      <textarea id="protocol-description" name="description" rows={2} maxLength={2000}>
        {from.description ?? ''}
      </textarea>
      <label for="protocol-params">Parameters (JSON; docs/program.md explains each)</label>
      <textarea id="protocol-params" name="params" rows={14} spellcheck={false} class="code">
        {JSON.stringify(from.params, null, 2)}
      </textarea>
      {problems.value.length > 0 && (
        <ul class="error" role="alert">
          {problems.value.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <p class="control-row">
        <button type="submit" disabled={busy.value}>
          Save as a new version
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
