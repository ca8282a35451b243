#!/usr/bin/env node
import { newProgram, runProgram } from './cli.js';
import { registerAddUnit } from './commands/add-unit.js';
import { registerAnalyzePpg } from './commands/analyze-ppg.js';
import { registerAsyncapi } from './commands/asyncapi.js';
import { registerController } from './commands/controller.js';
import { registerDemo } from './commands/demo.js';
import { registerDevice } from './commands/device.js';
import { registerDoctor } from './commands/doctor.js';
import { registerPlay } from './commands/play.js';
import { registerRender } from './commands/render.js';
import { registerSimulateFleet } from './commands/simulate-fleet.js';

const program = newProgram();

registerDemo(program);
registerController(program);
registerDevice(program);
registerAddUnit(program);
registerAnalyzePpg(program);
registerDoctor(program);
registerRender(program);
registerPlay(program);
registerAsyncapi(program);
registerSimulateFleet(program);

await runProgram(program, process.argv);
