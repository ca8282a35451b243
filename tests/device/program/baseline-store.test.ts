import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBaselineStore, MemoryBaselineStore } from '../../../device/program/baseline-store.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'nocturne-baseline-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the stored baseline', () => {
  it('is the median of the last 14 sessions and survives a restart', () => {
    const dir = tempDir();
    const store = FileBaselineStore.open(dir);
    expect(store.get()).toBeNull();
    for (let i = 0; i < 20; i++) store.record(i < 6 ? 90 : 60 + (i % 3), 1_000 + i);
    expect(store.get()).toBe(61);
    const reopened = FileBaselineStore.open(dir);
    expect(reopened.get()).toBe(61);
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).sessions).toHaveLength(14);
  });

  it('treats a damaged file as no history rather than failing the unit', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'baseline.json'), '{"sessions": [{"at": "yesterday"');
    expect(FileBaselineStore.open(dir).get()).toBeNull();
    writeFileSync(join(dir, 'baseline.json'), '{"sessions": [{"at": 1, "bpm": 900}]}');
    expect(FileBaselineStore.open(dir).get()).toBeNull();
  });

  it('has an in-memory twin for offline sessions', () => {
    const store = new MemoryBaselineStore(64);
    store.record(70);
    expect(store.get()).toBe(67);
    expect(new MemoryBaselineStore().get()).toBeNull();
  });
});
