import { readFile } from 'node:fs/promises';
import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { MqttConnect } from '../../shared/mqtt.js';
import { mqttConnectOptions } from '../../shared/mqtt-client.js';
import { brokerLoginFromConfig } from '../config/broker-login.js';
import type { DeviceConfig } from '../config/device-config.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { createAudioSink } from '../ports/audio/factory.js';
import { timedatectlProbe } from '../schedule/clock-sync.js';
import type { DoctorCheck } from './check.js';
import { checkPort } from './check-port.js';

/**
 * The sound output: the cards ALSA sees, and with a config the configured sink opened once.
 * `aplay` fails only once it opens the device, so a fault reported within a second still counts.
 */
export async function audioCheck(
  config: DeviceConfig | undefined,
  deps: { clock: Clock; log: Logger; cardsFile?: string },
): Promise<DoctorCheck> {
  const cards = await readFile(deps.cardsFile ?? '/proc/asound/cards', 'utf8').catch(() => '');
  const names = [...cards.matchAll(/^\s*\d+ \[(\S+)\s*\]/gm)].map((m) => m[1] as string);
  if (!config) {
    return names.length > 0
      ? { name: 'audio', ok: true, summary: `sound cards: ${names.join(', ')}` }
      : {
          name: 'audio',
          ok: null,
          summary:
            'no sound card (/proc/asound/cards): a unit here can only render to a WAV file or the null sink',
        };
  }
  const sink = await createAudioSink(config.audio, { clock: deps.clock, log: deps.log });
  return checkPort('audio', sink, deps.clock, 5000, 1000);
}

/** The configured broker: can the unit log in with its credentials? */
export async function brokerCheck(
  config: DeviceConfig,
  connect: MqttConnect,
  timeoutMs = 5000,
): Promise<DoctorCheck> {
  const { url, username, password, tls } = brokerLoginFromConfig(config.broker);
  const client = connect(
    url,
    mqttConnectOptions({
      url,
      username,
      password,
      tls,
      // Never the unit's own client id: that would take over the running unit's session.
      clientId: `nocturne-doctor-${config.unit_id}-${process.pid}`,
      persistent: false,
      connectTimeoutMs: timeoutMs,
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () =>
        reject(new NocturneError(DeviceErrorCode.BrokerUnreachable, 'the broker closed the connection')),
      );
    });
    return { name: 'broker', ok: true, summary: `${url}: logged in as ${username ?? '(anonymous)'}` };
  } catch (err) {
    const message = errorMessage(err);
    const fix = /not authorized|bad user/i.test(message)
      ? 'check broker.username and broker.password (nocturne add-unit ID issues a login)'
      : 'check broker.url, that the broker runs, and that this machine reaches it';
    return {
      name: 'broker',
      ok: false,
      summary: `${url}: ${message}`,
      fix,
      code: DeviceErrorCode.BrokerUnreachable,
    };
  } finally {
    client.end(true);
  }
}

/**
 * The wall clock: sessions, schedules and every payload's `ts` depend on it. A Pi has no RTC, so
 * until NTP has synchronised it, times can be off by days.
 */
export async function clockCheck(now: number): Promise<DoctorCheck> {
  const utc = new Date(now).toISOString();
  const synced = await timedatectlProbe();
  if (synced === true) return { name: 'clock', ok: true, summary: `${utc}, synchronised (NTP)` };
  if (synced === false) {
    return {
      name: 'clock',
      ok: false,
      summary: `${utc}, not synchronised`,
      fix: 'enable time sync: sudo timedatectl set-ntp true (and check the network)',
    };
  }
  return {
    name: 'clock',
    ok: null,
    summary: `${utc} (cannot tell whether it is synchronised: no timedatectl)`,
  };
}
