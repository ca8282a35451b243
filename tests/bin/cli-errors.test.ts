import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { classifyFailure, commanderLine } from '../../bin/cli-errors.js';
import { NocturneError, UsageError } from '../../shared/errors.js';

function fsError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

describe('how a failed command ends', () => {
  it.each([
    ['help or --version', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), { exitCode: 0 }],
    [
      'a commander usage error (already printed)',
      new CommanderError(1, 'commander.unknownOption', 'x'),
      { exitCode: 2 },
    ],
    [
      'a usage error',
      new UsageError('give --rate\nor --time-column'),
      { exitCode: 2, line: 'give --rate or --time-column' },
    ],
    [
      'bad config',
      new NocturneError('E_CONFIG', 'audio.adapter: invalid'),
      { exitCode: 2, line: 'audio.adapter: invalid' },
    ],
    [
      'a file it cannot write',
      fsError('ENOENT', 'open', '/missing/dir/x.wav'),
      { exitCode: 2, line: 'cannot open /missing/dir/x.wav: no such file or folder' },
    ],
    [
      'a folder it cannot make',
      fsError('EEXIST', 'mkdir', '/tmp/a-file'),
      { exitCode: 2, line: 'cannot create /tmp/a-file: a file is in the way' },
    ],
    [
      'a file error wrapped in another',
      new Error('store failed', { cause: fsError('EISDIR', 'open', '/data') }),
      { exitCode: 2, line: 'cannot open /data: it is a folder' },
    ],
    ['a missing program (not the user’s file)', fsError('ENOENT', 'spawn aplay', 'aplay'), { exitCode: 1 }],
    [
      'a run-time fault',
      new NocturneError('E_AUDIO_SINK_FAILED', 'device busy'),
      { exitCode: 1, line: 'device busy' },
    ],
    ['something thrown that is not an Error', 'boom', { exitCode: 1, line: 'boom' }],
  ])('%s', (_what, err, expected) => {
    expect(classifyFailure(err)).toMatchObject(expected);
  });

  it.each([
    [
      "error: option '--out <file.wav>' argument '/x/y.wav' is invalid. folder /x does not exist",
      "--out <file.wav> '/x/y.wav': folder /x does not exist\n",
    ],
    [
      "error: command-argument value '/x.csv' is invalid for argument 'file'. no such file",
      "<file> '/x.csv': no such file\n",
    ],
    [
      "error: required option '--minutes <m>' not specified",
      "required option '--minutes <m>' not specified\n",
    ],
  ])('shortens commander\'s "%s"', (message, line) => {
    expect(commanderLine(message)).toBe(line);
  });

  it("puts commander's messages on one line without its own prefix", () => {
    expect(commanderLine("error: unknown option '--minuts'\n(Did you mean --minutes?)\n")).toBe(
      "unknown option '--minuts' (Did you mean --minutes?)\n",
    );
  });
});
