import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ProtocolView } from '../../../../shared/api-protocols.js';
import * as api from '../api.js';
import { ProtocolForm } from '../components/protocol-form.js';
import { dateTime } from '../format.js';
import { user } from '../session.js';

const HASH_SHOWN = 12;

function marks(p: ProtocolView): string {
  return [
    p.built_in ? 'built in' : undefined,
    p.in_use ? 'in use' : undefined,
    p.superseded_by !== null ? `superseded by v${p.superseded_by}` : 'latest',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The protocol library: every version by name with its hash and marks, an export link per
 * version, a file import, and a new version from an existing one (caregivers and admins).
 */
export function ProtocolsPage() {
  const list = useSignal<ProtocolView[] | undefined>(undefined);
  const error = useSignal('');
  const notice = useSignal('');
  const editing = useSignal<ProtocolView | undefined>(undefined);
  const canWrite = user.value?.role === 'admin' || user.value?.role === 'caregiver';
  const load = () =>
    api
      .protocols()
      .then((v) => {
        list.value = v.protocols;
      })
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err.message : 'Could not load the protocols.';
      });
  useEffect(() => {
    document.title = 'Protocols · Nocturne';
    void load();
  }, []);

  const importFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    error.value = '';
    notice.value = '';
    try {
      const result = await api.importProtocolFile(JSON.parse(await file.text()));
      const ref = `${result.protocol.name} v${result.protocol.version}`;
      notice.value =
        result.outcome === 'inserted' ? `Imported ${ref}.` : `${ref} was already here, unchanged.`;
      await load();
    } catch (err) {
      error.value = err instanceof SyntaxError ? `${file.name} is not JSON.` : errorText(err);
    } finally {
      input.value = '';
    }
  };

  const names = [...new Set((list.value ?? []).map((p) => p.name))];
  return (
    <article class="protocols" data-ready={list.value ? 'true' : undefined}>
      <h1 class="page-title">Protocols</h1>
      <p class="muted">
        A protocol is a named, versioned set of session parameters. A version is never changed: a change is a
        new version. Its file runs exactly the same intervention at another clinic.
      </p>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {notice.value && <p role="status">{notice.value}</p>}
      {canWrite && (
        <p class="control-row">
          <label for="protocol-import">Import a protocol file</label>
          <input id="protocol-import" type="file" accept=".json,application/json" onChange={importFile} />
        </p>
      )}
      {editing.value && (
        <ProtocolForm
          from={editing.value}
          onCancel={() => {
            editing.value = undefined;
          }}
          onSaved={(created) => {
            editing.value = undefined;
            notice.value = `Saved ${created.name} v${created.version}.`;
            void load();
          }}
        />
      )}
      {!list.value && !error.value && <p class="muted">Loading the protocols…</p>}
      {names.map((name) => (
        <section key={name} aria-labelledby={`protocol-${name}`}>
          <h2 id={`protocol-${name}`}>{name}</h2>
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Title</th>
                <th scope="col">Hash</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(list.value ?? [])
                .filter((p) => p.name === name)
                .map((p) => (
                  <tr key={p.version} data-protocol={`${p.name}@${p.version}`}>
                    <th scope="row">v{p.version}</th>
                    <td>{p.title}</td>
                    <td>
                      <code title={p.hash}>{p.hash.slice(0, HASH_SHOWN)}</code>
                    </td>
                    <td>{marks(p)}</td>
                    <td>{p.created_at === null ? '—' : `${dateTime(p.created_at)} by ${p.created_by}`}</td>
                    <td class="actions">
                      <a href={api.protocolFileUrl(p.name, p.version)} download>
                        Export
                      </a>{' '}
                      {canWrite && (
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => {
                            editing.value = p;
                          }}
                        >
                          New version
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'The file was not imported.';
}
