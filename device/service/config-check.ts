import { isMap, LineCounter, parseDocument } from 'yaml';
import { type DeviceConfig, deviceConfigSchema } from '../config/device-config.js';

/** One thing wrong with a config file: where (the key path and its line) and what. */
export interface ConfigProblem {
  path: string;
  /** 1-based line of the value (or of the nearest enclosing key when the value is missing). */
  line: number;
  message: string;
}

export type ConfigCheck = { ok: true; config: DeviceConfig } | { ok: false; problems: ConfigProblem[] };

type Key = string | number;

/**
 * Validates a unit config's text with the schema the unit itself uses, and places every problem
 * on its line. The file is JSON (what the unit reads); the `yaml` parser, which reads JSON and
 * keeps each node's source range, only finds the lines.
 */
export function checkDeviceConfig(text: string): ConfigCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [{ path: '(file)', line: jsonErrorLine(text, err), message: jsonMessage(err) }],
    };
  }
  const parsed = deviceConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const lineOf = (path: readonly Key[]): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const keyLine = (path: readonly Key[], key: string): number => {
    const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return lineOf(path);
  };
  const problems = parsed.error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.filter((k): k is Key => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: dotted([...path, key]),
        line: keyLine(path, key),
        message: 'unknown key (a typo? docs/device-config.md lists every key)',
      }));
    }
    const message = issue.message.replace(
      /^Invalid input: expected (\w+), received undefined$/,
      'missing (expected $1)',
    );
    return [{ path: dotted(path), line: lineOf(path), message }];
  });
  return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
}

/** `path (line N): message`, the form `nocturne config check` prints. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.path} (line ${p.line}): ${p.message}`;
}

function dotted(path: readonly Key[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** V8 names the offset ("at position 42"); the line is counted from it. */
function jsonErrorLine(text: string, err: unknown): number {
  const position = /position (\d+)/.exec(String(err))?.[1];
  if (position === undefined) return 1;
  return text.slice(0, Number(position)).split('\n').length;
}

function jsonMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)$/, '')}`;
}
