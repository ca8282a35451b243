import { Header } from './components/header.js';
import { Login } from './pages/login.js';
import { NightPage } from './pages/night.js';
import { Overview } from './pages/overview.js';
import { PatientPage } from './pages/patient.js';
import { ProtocolsPage } from './pages/protocols.js';
import { SummaryPage } from './pages/summary.js';
import { route } from './router.js';

/** The shell: a skip link, the header and the page of the current URL in the main landmark. */
export function App() {
  const r = route.value;
  if (r.page === 'login') return <Login />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {r.page === 'overview' && <Overview />}
        {r.page === 'patient' && <PatientPage key={r.code} code={r.code} />}
        {r.page === 'night' && (
          <NightPage key={`${r.code}/${r.sessionId}`} code={r.code} sessionId={r.sessionId} />
        )}
        {r.page === 'summary' && <SummaryPage key={r.code} code={r.code} />}
        {r.page === 'protocols' && <ProtocolsPage />}
        {r.page === 'missing' && (
          <section>
            <h1>Page not found</h1>
            <p>
              <a href="/">Back to the overview</a>
            </p>
          </section>
        )}
      </main>
    </>
  );
}
