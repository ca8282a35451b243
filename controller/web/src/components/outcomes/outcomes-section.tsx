import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ItemsView, Trends } from '../../../../../shared/api-outcomes.js';
import type { ResponseSummary } from '../../../../../shared/schemas/outcomes/index.js';
import * as api from '../../api.js';
import { CoTherapies } from './co-therapies.js';
import { DiaryForm } from './diary-form.js';
import { OutcomeTrends } from './outcome-trends.js';
import { ProgrammeForm } from './programme-form.js';
import { QuestionnaireForm } from './questionnaire-form.js';
import { ResponseSummaryView } from './response-summary.js';

interface Loaded {
  trends: Trends;
  summary: ResponseSummary;
}

/**
 * The patient's clinical outcomes (docs/outcomes.md): the programme, the response summary, the
 * trends beside what the unit measured, and, for caregivers, the entry forms. Every save reloads
 * the trends and the summary, so what was entered shows at once.
 */
export function OutcomesSection({
  code,
  timezone,
  canWrite,
}: {
  code: string;
  timezone: string;
  canWrite: boolean;
}) {
  const items = useSignal<ItemsView | undefined>(undefined);
  const data = useSignal<Loaded | undefined>(undefined);
  const error = useSignal('');
  const reload = () => {
    Promise.all([api.outcomeTrends(code), api.responseSummary(code)])
      .then(([trends, summary]) => {
        data.value = { trends, summary };
      })
      .catch((err: unknown) => {
        error.value = `Could not load the outcomes: ${err instanceof Error ? err.message : String(err)}`;
      });
  };
  useEffect(() => {
    reload();
    if (canWrite)
      api
        .outcomeItems()
        .then((v) => {
          items.value = v;
        })
        .catch(() => {
          error.value = 'Could not load the questionnaire items.';
        });
  }, [code, canWrite]);
  const d = data.value;
  return (
    <section class="outcomes" aria-labelledby="outcomes-title" data-ready={d ? 'true' : undefined}>
      <h2 id="outcomes-title">Clinical outcomes</h2>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {!d ? (
        <p class="muted">Loading the outcomes…</p>
      ) : (
        <div class="columns">
          <div class="column">
            <ProgrammeForm code={code} programme={d.trends.programme} canWrite={canWrite} onSaved={reload} />
            <ResponseSummaryView summary={d.summary} />
            <OutcomeTrends trends={d.trends} />
          </div>
          <div class="column">
            {canWrite && items.value && (
              <QuestionnaireForm code={code} timezone={timezone} items={items.value} onSaved={reload} />
            )}
            {canWrite && <DiaryForm code={code} timezone={timezone} onSaved={reload} />}
            <CoTherapies
              code={code}
              timezone={timezone}
              list={d.trends.co_therapies}
              canWrite={canWrite}
              onChanged={reload}
            />
          </div>
        </div>
      )}
    </section>
  );
}
