import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlPublisher } from '../../../controller/control/publisher.js';
import { openStore, type Store } from '../../../controller/store/open.js';
import { repositories } from '../../../controller/store/repos.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { Random } from '../../../shared/random.js';
import { freePort } from '../../helpers/free-port.js';

describe('ControlPublisher checks what it sends against the schema the unit validates with', () => {
  let store: Store | undefined;
  let publisher: ControlPublisher | undefined;
  afterEach(async () => {
    await publisher?.stop();
    await store?.close();
  });

  async function make() {
    store = await openStore('sqlite::memory:');
    const repos = repositories(store);
    // Nothing listens there: a refused payload must be refused before any publish is tried.
    publisher = new ControlPublisher({
      connect: mqtt.connect,
      url: `mqtt://127.0.0.1:${await freePort()}`,
      store: repos,
      clock: new VirtualClock(),
      random: new Random('publisher-test'),
      log: silentLogger(),
    });
    await publisher.start();
    return { publisher, repos };
  }

  it('refuses a command whose arguments the unit would reject, and stores nothing', async () => {
    const { publisher, repos } = await make();
    await expect(publisher.sendCommand('bed-1', 'snooze', { minutes: 500 }, 60_000)).rejects.toMatchObject({
      code: 'E_BAD_REQUEST',
    });
    expect(await repos.control.commands('bed-1')).toEqual([]);
  });

  it('refuses a schedule the unit would reject, and stores no version', async () => {
    const { publisher, repos } = await make();
    const bad = { timezone: 'Europe/Berlin', entries: [{ days: ['mon'], time: '25:61', duration_min: 45 }] };
    await expect(publisher.setSchedule('bed-1', bad as never)).rejects.toMatchObject({
      code: 'E_BAD_REQUEST',
    });
    expect(await repos.control.schedule('bed-1')).toBeUndefined();
  });
});
