import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itemsView, readItemTextFile } from '../../../controller/outcomes/item-text.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('questionnaire item text', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const file = (name: string, body: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, body);
    return path;
  };

  it('names every item with its neutral label, and the clinic text where it loaded one', () => {
    const view = itemsView(readItemTextFile(file('ok.json', '{"isi": {"i1": "Licensed wording one"}}')));
    expect(view.isi.i1).toEqual({ label: 'item 1: sleep onset', text: 'Licensed wording one' });
    expect(view.isi.i2).toEqual({ label: 'item 2: sleep maintenance', text: null });
    expect(Object.keys(view.psqi)).toHaveLength(19);
    expect(Object.keys(view.phq9)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    expect(itemsView().gad7.g7).toEqual({ label: 'item 7: dread', text: null });
  });

  it('refuses a file that is not JSON or names items that do not exist, with every problem', () => {
    const bad = file('bad.json', '{"isi": {"i8": "x"}, "bdi": {}}');
    expect(() => readItemTextFile(bad)).toThrow(
      expect.objectContaining({
        code: 'E_ITEM_TEXT_FILE',
        message: `${bad}:\nisi: Unrecognized key: "i8"\n(root): Unrecognized key: "bdi"`,
      }),
    );
    expect(() => readItemTextFile(file('broken.json', '{'))).toThrow(/broken\.json: /);
  });

  it('nocturne controller --item-text with a bad file exits 2 naming every problem, before it listens', async () => {
    const bad = file('cli-bad.json', '{"psqi": {"q10": "x"}}');
    const result = await runCli(['controller', '--item-text', bad, '--db', 'sqlite::memory:']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // One line (every command fails with one `nocturne:` line), each problem as `path: message`.
    expect(result.stderr).toBe(`nocturne: ${bad}: psqi: Unrecognized key: "q10"\n`);
  });
});
