/**
 * Colour only for a person at a terminal: never into a pipe or a file, never with NO_COLOR set
 * (no-color.org); FORCE_COLOR turns it on anyway.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if ('NO_COLOR' in env) return false;
  return 'FORCE_COLOR' in env || stream.isTTY === true;
}
