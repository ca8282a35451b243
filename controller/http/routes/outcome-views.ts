import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { itemsViewSchema, remindersSchema, trendsSchema } from '../../../shared/api-outcomes.js';
import { patientParamsSchema } from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import { type ItemTextFile, responseSummarySchema } from '../../../shared/schemas/outcomes/index.js';
import { access } from '../../auth/policy.js';
import { itemsView } from '../../outcomes/item-text.js';
import { patientReminders, patientResponseSummary, trends } from '../../outcomes/patient-outcomes.js';
import type { ControllerStore } from '../../store/repos.js';
import { patientOf } from './patient-of.js';

/** What the patient page shows beside the nights (trends, the response summary, due reminders) and the items the entry forms name. */
export function outcomeViewRoutes(
  store: ControllerStore,
  clock: Clock,
  itemText: ItemTextFile = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    const items = itemsView(itemText);
    app.get(
      '/api/outcomes/items',
      { config: { access: access.signedIn }, schema: { response: { 200: itemsViewSchema } } },
      async () => items,
    );

    const config = { access: access.patientRead() };

    app.get(
      '/api/patients/:code/trends',
      { config, schema: { params: patientParamsSchema, response: { 200: trendsSchema } } },
      async (req) => trends(store, await patientOf(store, req.params.code)),
    );

    app.get(
      '/api/patients/:code/response-summary',
      { config, schema: { params: patientParamsSchema, response: { 200: responseSummarySchema } } },
      async (req) => patientResponseSummary(store, await patientOf(store, req.params.code), clock),
    );

    app.get(
      '/api/patients/:code/reminders',
      { config, schema: { params: patientParamsSchema, response: { 200: remindersSchema } } },
      async (req) => patientReminders(store, await patientOf(store, req.params.code), clock),
    );
  };
}
