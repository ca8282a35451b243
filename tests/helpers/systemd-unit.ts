import type { ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { spawnCli } from './cli.js';
import type { FakeNotifySocket } from './notify-socket.js';

/** A message the watcher saw, with its arrival time (ms, Date.now) and its topic after the unit id. */
export interface Received {
  at: number;
  suffix: string;
  payload: Record<string, unknown>;
}

export interface UnitUnderSystemd {
  child: ChildProcess;
  /** Every message on `nocturne/v1/<unit>/#`, in arrival order. */
  received: Received[];
  /** When the process started (Date.now). */
  startedAt: number;
  exit: Promise<{ code: number | null; at: number }>;
  stderr(): string;
  /** Kills what is left and closes the watcher. */
  dispose(): Promise<void>;
}

/**
 * `nocturne device --simulate … --session-now` as systemd would run it: NOTIFY_SOCKET and
 * WATCHDOG_USEC set, its MQTT traffic watched on the broker.
 */
export async function startUnitUnderSystemd(o: {
  brokerUrl: string;
  notify: FakeNotifySocket;
  id: string;
  stateDir: string;
  speed: number;
  watchdogUsec?: number;
}): Promise<UnitUnderSystemd> {
  const received: Received[] = [];
  const watcher: MqttClient = await mqtt.connectAsync(o.brokerUrl, { protocolVersion: 4 });
  watcher.on('message', (topic, payload) => {
    const suffix = topic.split('/').slice(3).join('/');
    received.push({ at: Date.now(), suffix, payload: JSON.parse(payload.toString()) });
  });
  await watcher.subscribeAsync(`nocturne/v1/${o.id}/#`, { qos: 1 });
  const startedAt = Date.now();
  const child = spawnCli(
    ['device', '--simulate', '--broker', o.brokerUrl, '--id', o.id, '--state-dir', o.stateDir].concat([
      '--speed',
      String(o.speed),
      '--session-now',
      '--profile',
      'insomnia',
    ]),
    { env: { NOTIFY_SOCKET: o.notify.path, WATCHDOG_USEC: String(o.watchdogUsec ?? 2_000_000) } },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exit = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return {
    child,
    received,
    startedAt,
    exit,
    stderr: () => stderr,
    dispose: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
      await watcher.endAsync(true);
    },
  };
}

/** Retained `state` payloads seen so far. */
export function statesOf(unit: UnitUnderSystemd): Record<string, unknown>[] {
  return unit.received.filter((r) => r.suffix === 'state').map((r) => r.payload);
}

/** Index of the first `offline` status, or -1. */
export function offlineIndex(unit: UnitUnderSystemd): number {
  return unit.received.findIndex((r) => r.suffix === 'status' && r.payload.state === 'offline');
}
