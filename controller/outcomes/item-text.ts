import { readFileSync } from 'node:fs';
import type { ItemsView } from '../../shared/api-outcomes.js';
import { NocturneError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import {
  type ItemTextFile,
  itemTextFileSchema,
  neutralItemLabels,
} from '../../shared/schemas/outcomes/index.js';
import { ControllerErrorCode } from '../errors.js';

/** A clinic's licensed item text (`nocturne controller --item-text FILE`), validated, or an error naming every problem. */
export function readItemTextFile(path: string): ItemTextFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new NocturneError(ControllerErrorCode.ItemTextFile, `${path}: ${(err as Error).message}`);
  }
  const parsed = itemTextFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new NocturneError(ControllerErrorCode.ItemTextFile, `${path}:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** Every item with its neutral label and, where the clinic loaded one, its licensed text. */
export function itemsView(text: ItemTextFile = {}): ItemsView {
  const labels = neutralItemLabels();
  const of = (measure: keyof typeof labels) =>
    Object.fromEntries(
      Object.entries(labels[measure]).map(([name, label]) => [
        name,
        { label, text: (text[measure] as Record<string, string | undefined> | undefined)?.[name] ?? null },
      ]),
    );
  return { psqi: of('psqi'), isi: of('isi'), gad7: of('gad7'), phq9: of('phq9') };
}
