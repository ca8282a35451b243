import { z } from 'zod';
import { deviceConfigSchema } from '../config/device-config.js';
import { configNotes } from './config-doc-notes.js';

/** A JSON Schema node as z.toJSONSchema makes it (only what the reference reads). */
interface Node {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: Node[];
  oneOf?: Node[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
}

interface Row {
  key: string;
  type: string;
  default: string;
  range: string;
  meaning: string;
}

interface Section {
  title: string;
  rows: Row[];
}

export const BEGIN =
  '<!-- BEGIN reference: generated from deviceConfigSchema by `npm run config-doc`; do not edit -->';
export const END = '<!-- END reference -->';

/** Keys documented nowhere: the drift test lists them. */
export function undocumentedKeys(): string[] {
  return sections()
    .flatMap((s) => s.rows)
    .filter((r) => r.meaning === '')
    .map((r) => r.key);
}

/** The reference part of docs/device-config.md: every key with its type, default and range. */
export function configReference(): string {
  const out: string[] = [BEGIN, ''];
  for (const section of sections()) {
    out.push(`### ${section.title}`, '');
    if (section.rows.length === 0) {
      out.push('No other keys.', '');
      continue;
    }
    out.push('| key | type | default | range | meaning |', '|---|---|---|---|---|');
    for (const r of section.rows) {
      out.push(`| ${[`\`${r.key}\``, r.type, r.default, r.range, r.meaning].map(cell).join(' | ')} |`);
    }
    out.push('');
  }
  out.push(END);
  return out.join('\n');
}

/** The document with its reference part replaced by the current one. */
export function withReference(doc: string): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`the document has no ${BEGIN} … ${END} block`);
  return `${doc.slice(0, begin)}${configReference()}${doc.slice(end + END.length)}`;
}

function sections(): Section[] {
  // Ranges and defaults are those of the parsed value (hex strings become numbers); what may be
  // written, and what is required, is the input side.
  const output = z.toJSONSchema(deviceConfigSchema, { io: 'output', unrepresentable: 'any' }) as Node;
  const input = z.toJSONSchema(deviceConfigSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const top: Section = { title: 'Top level', rows: [] };
  const result: Section[] = [top];
  walk(output, input, '', '', top.rows, (path, out, inp) => {
    for (const [i, variant] of (out.oneOf ?? []).entries()) {
      const adapter = String(variant.properties?.adapter?.const);
      const rows: Row[] = [];
      const variantIn = inp?.oneOf?.[i];
      walk(variant, variantIn, `${path}.`, `${path}[${adapter}].`, rows, () => {}, ['adapter']);
      result.push({ title: `\`${path}\` with \`"adapter": "${adapter}"\``, rows });
    }
  });
  return result;
}

/** Rows for an object's keys (nested objects flattened to dotted keys); unions go to `onUnion`. */
function walk(
  out: Node,
  inp: Node | undefined,
  prefix: string,
  notePrefix: string,
  rows: Row[],
  onUnion: (path: string, out: Node, inp: Node | undefined) => void,
  skip: string[] = [],
): void {
  for (const [key, node] of Object.entries(out.properties ?? {})) {
    if (skip.includes(key)) continue;
    const nodeIn = inp?.properties?.[key];
    const path = `${prefix}${key}`;
    const noteKey = `${notePrefix}${key}`;
    if (node.oneOf) {
      onUnion(path, node, nodeIn);
    } else if (node.type === 'object' && node.properties) {
      walk(node, nodeIn, `${path}.`, `${noteKey}.`, rows, onUnion);
    } else {
      const required = (inp?.required ?? []).includes(key) && nodeIn?.default === undefined;
      rows.push(row(path, noteKey, node, nodeIn, required));
      if (node.type === 'array' && node.items?.properties) {
        walk(node.items, nodeIn?.items, `${path}[].`, `${noteKey}[].`, rows, onUnion);
      }
    }
  }
}

function row(key: string, noteKey: string, out: Node, inp: Node | undefined, required: boolean): Row {
  const hex = (inp?.anyOf ?? []).some((n) => n.pattern?.startsWith('^0x'));
  return {
    key,
    type: typeOf(out) + (hex ? ' or `"0x…"`' : ''),
    default: required ? 'required' : defaultOf(out.default, hex),
    range: rangeOf(out, hex),
    meaning: out.description ?? configNotes[noteKey] ?? '',
  };
}

function defaultOf(value: unknown, hex: boolean): string {
  if (value === undefined) return '—';
  if (hex && typeof value === 'number') return `\`"0x${value.toString(16).padStart(2, '0')}"\``;
  return `\`${JSON.stringify(value)}\``;
}

function typeOf(n: Node): string {
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (n.anyOf) {
    const consts = n.anyOf.filter((a) => a.const !== undefined);
    if (consts.length === n.anyOf.length)
      return consts.map((a) => `\`${JSON.stringify(a.const)}\``).join(' \\| ');
    return n.anyOf.map(typeOf).join(' or ');
  }
  if (n.type === 'array')
    return `array of ${n.items ? (n.items.properties ? 'objects' : typeOf(n.items)) : 'any'}`;
  if (n.type === 'object') {
    const value = typeof n.additionalProperties === 'object' ? typeOf(n.additionalProperties) : 'any';
    return `map of ${n.propertyNames?.pattern ? `\`${n.propertyNames.pattern}\`` : 'string'} → ${value}`;
  }
  return n.type ?? 'any';
}

function rangeOf(n: Node, hex: boolean): string {
  const num = (v: number) => (hex ? `0x${v.toString(16).padStart(2, '0')}` : String(v));
  const bounded = (v: number | undefined) => v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  const parts: string[] = [];
  if (bounded(n.minimum) && bounded(n.maximum))
    parts.push(`${num(n.minimum as number)}–${num(n.maximum as number)}`);
  else if (bounded(n.minimum)) parts.push(`≥ ${num(n.minimum as number)}`);
  else if (bounded(n.maximum)) parts.push(`≤ ${num(n.maximum as number)}`);
  if (n.exclusiveMinimum !== undefined) parts.push(`> ${n.exclusiveMinimum}`);
  if (n.pattern && !hex) parts.push(`\`${n.pattern}\``);
  else if (n.minLength) parts.push('not empty');
  if (n.format) parts.push(n.format === 'uri' ? 'a URL' : n.format);
  if (n.minItems !== undefined || n.maxItems !== undefined) {
    parts.push(`${n.minItems ?? 0}–${n.maxItems ?? '∞'} items`);
  }
  return parts.join(', ') || '—';
}

function cell(text: string): string {
  return text.replace(/\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}
