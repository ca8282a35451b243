#!/usr/bin/env node
import { newProgram, runProgram } from './cli.js';
import { registerAddIntegrator } from './commands/add-integrator.js';
import { registerAddUnit } from './commands/add-unit.js';
import { registerAnalyzePpg } from './commands/analyze-ppg.js';
import { registerAsyncapi } from './commands/asyncapi.js';
import { registerBrokerConfig } from './commands/broker-config.js';
import { registerConfig } from './commands/config-check.js';
import { registerController } from './commands/controller.js';
import { registerDemo } from './commands/demo.js';
import { registerDevice } from './commands/device.js';
import { registerDoctor } from './commands/doctor.js';
import { registerLogs } from './commands/logs.js';
import { registerPlay } from './commands/play.js';
import { registerProtocol } from './commands/protocol.js';
import { registerRender } from './commands/render.js';
import { registerScore } from './commands/score.js';
import { registerSimulateFleet } from './commands/simulate-fleet.js';
import { registerUser } from './commands/user.js';

const program = newProgram();

registerDemo(program);
registerController(program);
registerDevice(program);
registerAddUnit(program);
registerAddIntegrator(program);
registerBrokerConfig(program);
registerUser(program);
registerProtocol(program);
registerAnalyzePpg(program);
registerDoctor(program);
registerRender(program);
registerPlay(program);
registerAsyncapi(program);
registerScore(program);
registerSimulateFleet(program);
registerConfig(program);
registerLogs(program);

await runProgram(program, process.argv);
