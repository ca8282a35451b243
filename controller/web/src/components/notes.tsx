import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { NoteView } from '../../../../shared/api-dashboard.js';
import * as api from '../api.js';
import { dateTime } from '../format.js';

/** Caregivers' notes with author and time, newest first; viewers read them. */
export function Notes({ code, timezone, canWrite }: { code: string; timezone: string; canWrite: boolean }) {
  const list = useSignal<NoteView[] | undefined>(undefined);
  const error = useSignal('');
  useEffect(() => {
    api
      .notes(code)
      .then((n) => {
        list.value = n;
      })
      .catch(() => {
        error.value = 'Could not load the notes.';
      });
  }, [code]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return;
    api
      .addNote(code, text)
      .then((note) => {
        list.value = [note, ...(list.value ?? [])];
        form.reset();
      })
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err.message : 'The note was not saved.';
      });
  };
  return (
    <section class="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {canWrite && (
        <form class="note-form" onSubmit={submit}>
          <label for="note-text">New note</label>
          <textarea id="note-text" name="text" rows={3} maxLength={4000} required />
          <button type="submit">Add note</button>
        </form>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {list.value?.length === 0 && <p class="muted">No notes yet.</p>}
      <ul class="note-list">
        {(list.value ?? []).map((n) => (
          <li key={n.id}>
            <p class="note-meta">
              <strong>{n.author}</strong> · {dateTime(n.at, timezone)}
            </p>
            <p class="note-text">{n.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
