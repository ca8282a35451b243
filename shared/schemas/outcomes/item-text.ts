import { z } from 'zod';
import { gad7AnswersSchema } from './gad7.js';
import { isiAnswersSchema } from './isi.js';
import { phq9AnswersSchema } from './phq9.js';
import { psqiAnswersSchema } from './psqi.js';

/**
 * Item wording. Nocturne ships only short neutral labels (the schemas' descriptions); a clinic
 * that holds a licence can load its own text from a file of this shape, keyed by item name.
 */
const SHAPES = {
  psqi: psqiAnswersSchema.shape,
  isi: isiAnswersSchema.shape,
  gad7: gad7AnswersSchema.shape,
  phq9: phq9AnswersSchema.shape,
};

export type Questionnaire = keyof typeof SHAPES;

/** The neutral label of every item, e.g. `{ psqi: { q5a: 'item 5a: slow sleep onset', … }, … }`. */
export function neutralItemLabels(): Record<Questionnaire, Record<string, string>> {
  const labels = (shape: Record<string, z.ZodType>) =>
    Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, schema.description ?? name]));
  return {
    psqi: labels(SHAPES.psqi),
    isi: labels(SHAPES.isi),
    gad7: labels(SHAPES.gad7),
    phq9: labels(SHAPES.phq9),
  };
}

function textsFor(shape: Record<string, unknown>) {
  const text = z.string().trim().min(1).max(1000);
  return z
    .strictObject(Object.fromEntries(Object.keys(shape).map((name) => [name, text.optional()])))
    .optional();
}

/** A clinic's licensed item text: `{"psqi": {"q5a": "…"}, "isi": {"i1": "…"}}`; unknown items are refused. */
export const itemTextFileSchema = z.strictObject({
  psqi: textsFor(SHAPES.psqi),
  isi: textsFor(SHAPES.isi),
  gad7: textsFor(SHAPES.gad7),
  phq9: textsFor(SHAPES.phq9),
});
export type ItemTextFile = z.infer<typeof itemTextFileSchema>;
