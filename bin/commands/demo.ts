import { join } from 'node:path';
import type { Command } from 'commander';
import { startController } from '../../controller/main.js';
import { seedDemo } from '../../controller/patients/demo-seed.js';
import { type RunningUnit, startUnit } from '../../device/main.js';
import type { PatientProfileName } from '../../device/sim/patient.js';
import { RealClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/log.js';
import { wantsColor } from '../../shared/terminal.js';
import { banner } from '../banner.js';
import { runUntilSignal } from '../lifecycle.js';
import { integerIn, port, positiveNumber } from '../options.js';

interface DemoFlags {
  units: number;
  speed: number;
  port: number;
  brokerPort: number;
  data: string;
  sessionMinutes: number;
}

/** Unit time between the end of one demo session and the start of the next. */
const DEMO_GAP_MS = 60_000;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('controller + embedded broker + simulated bedside units that run sessions back to back')
    .option('--units <n>', 'number of simulated units', integerIn(1, 50), 2)
    .option('--speed <n>', 'simulated time runs this many times faster', positiveNumber, 1)
    .option('--port <n>', 'dashboard HTTP port', port, 8080)
    .option('--broker-port <n>', 'embedded broker port (a free one if busy)', port, 1883)
    .option('--session-minutes <m>', 'length of each session', integerIn(1, 90), 45)
    .option('--data <dir>', 'where the demo keeps its database and unit state', './data/demo')
    .action(async (flags: DemoFlags) => {
      const log = createLogger('demo');
      const controller = await startController({
        broker: {
          kind: 'embedded',
          host: '127.0.0.1',
          port: flags.brokerPort,
          fallbackToFreePort: true,
          anonymousRead: true,
        },
        db: `sqlite:${join(flags.data, 'nocturne.db')}`,
        http: { host: '127.0.0.1', port: flags.port },
        log,
      });
      // Patients first: a session belongs to the patient whose unit ran it at the time.
      const ids = Array.from({ length: flags.units }, (_, i) => `bed-${i + 1}`);
      const demo = await seedDemo(controller.store, new RealClock(), ids);
      const units: RunningUnit[] = [];
      const profiles: PatientProfileName[] = ['typical', 'insomnia'];
      try {
        for (let i = 1; i <= flags.units; i++) {
          const id = `bed-${i}`;
          const login = await controller.provisionUnit(id);
          units.push(
            await startUnit({
              id,
              brokerUrl: controller.brokerUrl,
              ...login,
              speed: flags.speed,
              stateDir: join(flags.data, `unit-${id}`),
              profile: profiles[(i - 1) % profiles.length] as PatientProfileName,
              sessionMinutes: flags.sessionMinutes,
              sessionNow: true,
              repeatAfterMs: DEMO_GAP_MS,
              log,
            }),
          );
        }
      } catch (err) {
        await Promise.all(units.map((u) => u.stop()));
        await controller.stop();
        throw err;
      }
      process.stdout.write(
        banner(
          `Dashboard: ${controller.httpUrl}\nMQTT broker: ${controller.brokerUrl}\nLogin: ${demo.username} / ${demo.password}\n`,
          wantsColor(process.stdout),
        ),
      );
      await runUntilSignal(async () => {
        // Units first, so they can still tell the broker they are going offline.
        await Promise.all(units.map((u) => u.stop()));
        await controller.stop();
      }, log);
    });
}
