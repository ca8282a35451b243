import { z } from 'zod';
import type { DiaryScore } from '../../shared/schemas/outcomes/index.js';
import { diaryListSchema } from '../../shared/schemas/outcomes/index.js';
import { scoreDiary } from './diary.js';
import type { Scored } from './result.js';

type Path = PropertyKey[];

/**
 * Scores a diary file in any of its three shapes: `{timezone?, nights: [night…]}`, a bare list
 * `[night…]`, or one night `{timezone?, date, …}`. Issue paths name the place in the file as given.
 */
export function scoreDiaryInput(raw: unknown): Scored<DiaryScore> {
  const { list, pathInFile } = asList(raw);
  const parsed = diaryListSchema.safeParse(list);
  const scored = parsed.success ? scoreDiary(parsed.data) : { ok: false as const, error: parsed.error };
  if (scored.ok) return scored;
  return {
    ok: false,
    error: new z.ZodError(scored.error.issues.map((issue) => ({ ...issue, path: pathInFile(issue.path) }))),
  };
}

function asList(raw: unknown): { list: unknown; pathInFile: (path: Path) => Path } {
  const unchanged = (path: Path) => path;
  if (Array.isArray(raw)) {
    return { list: { nights: raw }, pathInFile: (path) => (path[0] === 'nights' ? path.slice(1) : path) };
  }
  if (raw !== null && typeof raw === 'object' && !('nights' in raw)) {
    const { timezone, ...night } = raw as Record<string, unknown>;
    return {
      list: timezone === undefined ? { nights: [night] } : { timezone, nights: [night] },
      pathInFile: (path) => (path[0] === 'nights' ? path.slice(2) : path),
    };
  }
  return { list: raw, pathInFile: unchanged };
}
