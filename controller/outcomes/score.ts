import type { z } from 'zod';
import {
  gad7AnswersSchema,
  isiAnswersSchema,
  phq9AnswersSchema,
  psqiAnswersSchema,
} from '../../shared/schemas/outcomes/index.js';
import { scoreDiaryInput } from './diary-input.js';
import { scoreGad7 } from './gad7.js';
import { scoreIsi } from './isi.js';
import { scorePhq9 } from './phq9.js';
import { scorePsqi } from './psqi.js';
import type { Scored } from './result.js';

/** The measures `nocturne score` (and later the HTTP API) accepts. */
export const MEASURES = ['psqi', 'isi', 'gad7', 'phq9', 'diary'] as const;
export type Measure = (typeof MEASURES)[number];

/** Validates raw answers (parsed JSON) against the measure's schema and scores them. */
export function scoreMeasure(measure: Measure, raw: unknown): Scored<unknown> {
  switch (measure) {
    case 'psqi':
      return scoreWith(psqiAnswersSchema, raw, scorePsqi);
    case 'isi':
      return scoreWith(isiAnswersSchema, raw, scoreIsi);
    case 'gad7':
      return scoreWith(gad7AnswersSchema, raw, scoreGad7);
    case 'phq9':
      return scoreWith(phq9AnswersSchema, raw, scorePhq9);
    case 'diary':
      return scoreDiaryInput(raw);
  }
}

function scoreWith<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  score: (answers: z.infer<S>) => T,
): Scored<T> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: score(parsed.data) } : { ok: false, error: parsed.error };
}
