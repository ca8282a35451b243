#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ControllerErrorCode } from '../controller/errors.js';
import { NocturneError, SharedErrorCode } from '../shared/errors.js';
import { PACKAGE_VERSION } from '../shared/package-info.js';
import { registerAddUnit } from './commands/add-unit.js';
import { registerAnalyzePpg } from './commands/analyze-ppg.js';
import { registerAsyncapi } from './commands/asyncapi.js';
import { registerConfig } from './commands/config-check.js';
import { registerController } from './commands/controller.js';
import { registerDemo } from './commands/demo.js';
import { registerDevice } from './commands/device.js';
import { registerDoctor } from './commands/doctor.js';
import { registerLogs } from './commands/logs.js';
import { registerPlay } from './commands/play.js';
import { registerRender } from './commands/render.js';
import { registerScore } from './commands/score.js';
import { registerSimulateFleet } from './commands/simulate-fleet.js';
import { registerUser } from './commands/user.js';

/** Error codes that mean bad usage or bad input: exit 2 with one line (DESIGN.md "Command line"). */
const USAGE_CODES = new Set<string>([
  SharedErrorCode.Usage,
  SharedErrorCode.BadInput,
  SharedErrorCode.Config,
  ControllerErrorCode.PortInUse,
  ControllerErrorCode.DatabaseUrl,
  ControllerErrorCode.ItemTextFile,
]);

const program = new Command('nocturne')
  .description('Nocturne: bedside music-therapy unit for insomnia, and its caregiver controller')
  .version(PACKAGE_VERSION)
  .exitOverride();

registerDemo(program);
registerController(program);
registerDevice(program);
registerAddUnit(program);
registerUser(program);
registerAnalyzePpg(program);
registerDoctor(program);
registerRender(program);
registerPlay(program);
registerAsyncapi(program);
registerScore(program);
registerSimulateFleet(program);
registerConfig(program);
registerLogs(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has already printed the message or the help.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof NocturneError && USAGE_CODES.has(err.code)) {
    process.stderr.write(`nocturne: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`nocturne: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
