import { z } from 'zod';
import { localDateSchema } from './common.js';

/** What else a patient receives besides the music (CLINICAL.md "Co-therapies"). */
export const coTherapyKindSchema = z.enum(['medication', 'acupuncture', 'psychotherapy', 'other']);
export type CoTherapyKind = z.infer<typeof coTherapyKindSchema>;

export const coTherapySchema = z
  .strictObject({
    what: z
      .string()
      .trim()
      .min(1, 'say what the therapy is')
      .max(200)
      .describe('e.g. "zolpidem" or "acupuncture"'),
    kind: coTherapyKindSchema,
    dose: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullish()
      .describe('dose and frequency, e.g. "5 mg nightly" or "weekly 30 min sessions"'),
    from: localDateSchema.describe('first day, YYYY-MM-DD'),
    to: localDateSchema.nullish().describe('last day, YYYY-MM-DD; absent or null while ongoing'),
  })
  .superRefine((t, ctx) => {
    if (t.kind === 'medication' && t.dose == null) {
      ctx.addIssue({ code: 'custom', path: ['dose'], message: 'a medication needs its dose' });
    }
    if (t.to != null && t.to < t.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `ends (${t.to}) before it starts (${t.from})` });
    }
  });

export type CoTherapy = z.infer<typeof coTherapySchema>;

export const coTherapyListSchema = z.array(coTherapySchema).max(200);
