import mqtt from 'mqtt';
import { spawnCli } from '../helpers/cli.js';
import { Mosquitto } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * `nocturne simulate-fleet` with `units` units in one process against a real Mosquitto, which is
 * restarted once every unit is connected: how long until every unit is back (the broker's own
 * count of connected clients, `$SYS/broker/clients/connected`), and the fleet's memory per unit.
 */
export async function fleetReconnect(
  units: number,
  progress: (m: string) => void,
): Promise<{ reconnect_all_online_s: number; memory_per_unit_kb: number; start_s: number }> {
  const mosquitto = await Mosquitto.start({
    persistence: true,
    extraConfig: ['allow_anonymous true', 'max_queued_messages 0', 'sys_interval 1', 'max_connections -1'],
  });
  let connected = 0;
  const watch = () => {
    const sys = mqtt.connect(mosquitto.url, { clientId: 'bench-sys', clean: true, reconnectPeriod: 100 });
    sys.on('connect', () => {
      sys.subscribe('$SYS/broker/clients/connected');
    });
    sys.on('message', (_t, payload) => {
      // The watcher is one of the clients.
      connected = Number(payload.toString()) - 1;
    });
    sys.on('error', () => undefined);
    return sys;
  };
  const sys = watch();
  const fleet = spawnCli(
    [
      'simulate-fleet',
      '--devices',
      String(units),
      '--broker',
      mosquitto.url,
      '--speed',
      '10',
      '--minutes',
      '20',
    ],
    { env: { LOG_LEVEL: 'info' } },
  );
  let stdout = '';
  let log = '';
  fleet.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  fleet.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString()).slice(-200_000);
  });
  try {
    const startedLine = await waitFor(
      'every unit of the fleet started',
      () => /"msg":"every unit started"/.test(log) && log,
      600_000,
    );
    const m = /"start_s":([\d.]+),"memory_per_unit_kb":(\d+)/.exec(startedLine);
    await waitFor('every unit connected', () => connected >= units, 60_000);
    progress(`${units} units online; restarting the broker`);
    await mosquitto.stop();
    connected = 0;
    await mosquitto.restart();
    const back = performance.now();
    await waitFor('every unit back online', () => connected >= units, 300_000);
    const seconds = (performance.now() - back) / 1000;
    return {
      reconnect_all_online_s: Math.round(seconds * 10) / 10,
      memory_per_unit_kb: Number(m?.[2] ?? Number.NaN),
      start_s: Number(m?.[1] ?? Number.NaN),
    };
  } finally {
    fleet.kill('SIGTERM');
    await new Promise((resolve) => fleet.once('exit', resolve));
    sys.end(true);
    await mosquitto.dispose();
    void stdout;
  }
}
