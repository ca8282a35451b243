import type { Command } from 'commander';
import { asyncApiYaml } from '../../shared/asyncapi.js';

export function registerAsyncapi(program: Command): void {
  program
    .command('asyncapi')
    .description('print the AsyncAPI 3 document of the MQTT interface (YAML), generated from the schemas')
    .action(() => {
      process.stdout.write(asyncApiYaml());
    });
}
