import { HttpError } from '../../api.js';

/** A failed save: the server's `path: message` lines (one per problem), else the error's message. */
export function ErrorLines({ error }: { error: unknown }) {
  if (!error) return null;
  const lines =
    error instanceof HttpError && error.detail
      ? error.detail.split('\n')
      : [error instanceof Error ? error.message : String(error)];
  return (
    <ul class="error issue-lines" role="alert">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
