import { z } from 'zod';
import { envelopeSchema } from './common.js';

/** Retained; also the Last Will (whose `ts` is that of the connection). */
export const statusSchema = envelopeSchema.extend({
  state: z.enum(['online', 'offline']),
});
export type Status = z.infer<typeof statusSchema>;
