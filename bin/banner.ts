import { createColors } from 'colorette';

/**
 * The demo's `Label: value` lines on stdout (Dashboard, MQTT broker, Login …): as they are for a
 * pipe; at a terminal, bold cyan with the value underlined, to stand out among the log lines
 * (whose messages are plain). Only styled: the text stays the same.
 */
export function banner(text: string, color: boolean): string {
  if (!color) return text;
  const c = createColors({ useColor: true });
  return text.replace(/^([^:\n]+): (.+)$/gm, (_line, label: string, value: string) =>
    c.bold(c.cyan(`${label}: ${c.underline(value)}`)),
  );
}
