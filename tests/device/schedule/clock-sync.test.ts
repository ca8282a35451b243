import { describe, expect, it } from 'vitest';
import { ClockSyncWatch } from '../../../device/schedule/clock-sync.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('whether the clock has been synchronised since boot', () => {
  it('is not until the probe says so, then stays so (a later loss of NTP does not stop the schedule)', async () => {
    const clock = new VirtualClock();
    const answers: (boolean | undefined)[] = [false, false, true, false];
    let asked = 0;
    const watch = new ClockSyncWatch({
      clock,
      log: silentLogger(),
      probe: async () => answers[asked++] ?? false,
    });
    watch.start();
    await settle();
    expect(watch.isSynced()).toBe(false);
    await clock.advanceAsync(30_000);
    expect(watch.isSynced()).toBe(false);
    await clock.advanceAsync(30_000);
    expect(watch.isSynced()).toBe(true);
    await clock.advanceAsync(120_000);
    expect(watch.isSynced()).toBe(true);
    expect(asked).toBe(3); // it stops asking once synchronised
    watch.stop();
  });

  it('counts a machine that cannot tell (no timedatectl) as synchronised', async () => {
    const watch = new ClockSyncWatch({
      clock: new VirtualClock(),
      log: silentLogger(),
      probe: async () => undefined,
    });
    watch.start();
    await settle();
    expect(watch.isSynced()).toBe(true);
    watch.stop();
  });
});
