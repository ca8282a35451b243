import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { banner } from '../../bin/banner.js';

const lines = 'Dashboard: http://localhost:8080\nMQTT broker: mqtt://127.0.0.1:1883\nLogin: demo / s3cret\n';

describe("the demo's address lines", () => {
  it('stay exactly as they are when stdout is not a terminal', () => {
    expect(banner(lines, false)).toBe(lines);
  });

  it('are styled line by line at a terminal, the Login line too, with the same text', () => {
    const styled = banner(lines, true);
    expect(stripVTControlCharacters(styled)).toBe(lines);
    const styledLines = styled.split('\n').slice(0, 3);
    expect(styledLines).toHaveLength(3);
    const esc = '\u001b[';
    for (const line of styledLines) {
      expect(line.startsWith(`${esc}1m${esc}36m`), line).toBe(true);
      expect(line, line).toContain(`: ${esc}4m`);
    }
  });
});
