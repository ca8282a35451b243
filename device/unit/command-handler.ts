import type { ScheduleRunner } from '../schedule/runner.js';
import type { CommandHandler, CommandOutcome } from '../telemetry/index.js';
import type { Unit } from './unit.js';

const accepted = (done: Promise<unknown>): CommandOutcome => ({
  status: 'accepted',
  done: done.then(() => undefined),
});
const rejected = (reason: string): CommandOutcome => ({ status: 'rejected', reason });

/** What the unit does with each command from the controller (DESIGN.md "MQTT"). */
export function unitCommandHandler(unit: Unit, schedule: ScheduleRunner): CommandHandler {
  return (command) => {
    switch (command.name) {
      case 'start':
        return unit.inSession
          ? rejected('a session is already running')
          : accepted(unit.startSession('command'));
      case 'stop':
        return unit.inSession ? accepted(unit.stopSession('command')) : rejected('no session is running');
      case 'snooze': {
        // During a session, snooze pauses it (the program fades back in later); between sessions
        // it postpones the next scheduled one.
        if (unit.inSession) {
          const refused = unit.snooze(command.args.minutes);
          return refused === undefined ? accepted(Promise.resolve()) : rejected(refused);
        }
        return schedule.snooze(command.args.minutes)
          ? accepted(Promise.resolve())
          : rejected('no session running and none scheduled to snooze');
      }
      case 'config':
        // Settings belong to the program (issue 7); until it takes them, the unit says so.
        return rejected('config is not supported by this firmware');
    }
  };
}
