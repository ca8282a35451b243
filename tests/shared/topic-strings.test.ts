import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/package-info.js';

/** Source folders whose code may not write a topic of the tree itself (STYLE.md: the contract is a type map). */
const SOURCE_DIRS = ['bin', 'controller', 'device', 'shared'];
const ALLOWED = new Set(['shared/topics.ts']);

/** What writing a topic by hand looks like: the base topic, or a segment of the tree glued onto a value. */
const TOPIC_WRITING = [
  /nocturne\/v1/,
  /\$\{[^}]+\}\/(status|info|state|session|schedule|cmd)\b/,
  /\/cmd\//,
  /\/device\/.*\/config$/,
];

/** The string and template literals of a line; an HTTP path (it starts with `/`) is no topic. */
function literals(line: string): string[] {
  return [...line.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((text) => !text.startsWith('/'));
}

function writesTopic(line: string): boolean {
  return (
    /nocturne\/v1/.test(line) || literals(line).some((text) => TOPIC_WRITING.some((re) => re.test(text)))
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'public') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The code without its comments (comments may name topics to explain them). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function topicStringsOutsideTopics(root: string): string[] {
  const found: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(root, dir))) {
      const rel = relative(root, file);
      if (ALLOWED.has(rel)) continue;
      const lines = code(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (writesTopic(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return found;
}

describe('topics are written only by shared/topics.ts', () => {
  it('finds no topic string anywhere else in the source tree', () => {
    expect(topicStringsOutsideTopics(projectRoot())).toEqual([]);
  });

  it('would catch one (the check is not blind)', () => {
    const samples = [
      'client.publish(`nocturne/v1/${unit}/state`, body);',
      'const t = `${prefix}/cmd/${name}/ack`;',
      "subscribe('nocturne/+/cmd/+')",
      'const own = `${BASE_TOPIC}/${unit}`; const s = `${own}/schedule`;',
      'topic: `${prefix}/device/${id}/config`',
    ];
    for (const sample of samples) expect(writesTopic(code(sample)), sample).toBe(true);
    expect(writesTopic(code('// nocturne/v1/<unit>/state is retained'))).toBe(false);
    // An HTTP path of the API is not a topic.
    expect(writesTopic("call('GET', `/api/patients/${code}/schedule`)")).toBe(false);
  });
});
