import { connection } from '../live.js';
import { signOut, user } from '../session.js';

const CONNECTION_TEXT = {
  idle: '',
  connecting: 'connecting…',
  live: 'live',
  lost: 'connection lost, retrying…',
} as const;

/** The banner: name, the live stream's state (in words and a shape), who is signed in. */
export function Header() {
  const who = user.value;
  const state = connection.value;
  return (
    <header class="banner">
      <a class="brand" href="/">
        Nocturne
      </a>
      <span id="connection" class="connection" data-state={state} role="status">
        <span class="shape" aria-hidden="true" />
        {CONNECTION_TEXT[state]}
      </span>
      <span class="spacer" />
      {who && (
        <a class="header-link" href="/protocols">
          Protocols
        </a>
      )}
      {who && (
        <>
          <span id="who" class="who">{`${who.username} (${who.role})`}</span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </>
      )}
    </header>
  );
}
