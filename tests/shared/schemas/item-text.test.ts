import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../../shared/format-issues.js';
import { itemTextFileSchema, neutralItemLabels } from '../../../shared/schemas/outcomes/index.js';

describe('questionnaire item text', () => {
  it('labels every item by number with a short neutral label, never the questionnaire wording', () => {
    const labels = neutralItemLabels();
    expect(Object.keys(labels.psqi)).toHaveLength(18 + 1); // items 1–4, 5a–5j, 6–9 and whether 5j is described
    expect(Object.keys(labels.isi)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7']);
    expect(Object.keys(labels.gad7)).toHaveLength(7);
    expect(Object.keys(labels.phq9)).toHaveLength(9);
    for (const [measure, items] of Object.entries(labels)) {
      for (const [name, label] of Object.entries(items)) {
        expect(label, `${measure}.${name}`).toMatch(/^item \d+[a-j]?: /);
        // a label, not a question: short (PHQ-9 item 9 also says why it is required)
        expect(label.replace(/ \(required.*\)$/, '').length, `${measure}.${name}`).toBeLessThanOrEqual(40);
      }
    }
    expect(labels.psqi.q5a).toBe('item 5a: slow sleep onset');
  });

  it("accepts a clinic's licensed text by item name and refuses unknown items", () => {
    expect(itemTextFileSchema.parse({ psqi: { q5a: ' licensed text ' }, isi: {} })).toEqual({
      psqi: { q5a: 'licensed text' },
      isi: {},
    });
    const bad = itemTextFileSchema.safeParse({ psqi: { q5k: 'x' }, madrs: {} });
    expect(bad.success ? '' : formatIssues(bad.error)).toMatch(/^psqi: Unrecognized key: "q5k"$/m);
    expect(bad.success ? '' : formatIssues(bad.error)).toMatch(/^\(root\): Unrecognized key: "madrs"$/m);
  });
});
