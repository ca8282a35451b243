import { readFileSync } from 'node:fs';
import { NocturneError } from '../../shared/errors.js';
import type { BrokerLogin } from '../../shared/mqtt-client.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { DeviceConfig } from './device-config.js';

/** Where a unit's broker password may come from when the config names none (never the command line). */
export const BROKER_PASSWORD_ENV = 'NOCTURNE_BROKER_PASSWORD';

/**
 * The unit's broker login from its config: the password from `password_file` or the environment,
 * and the broker's private CA from `ca`, so the certificate is verified against it.
 */
export function brokerLoginFromConfig(
  broker: DeviceConfig['broker'],
  env: NodeJS.ProcessEnv = process.env,
): BrokerLogin {
  const password =
    broker.password ??
    (broker.password_file !== undefined
      ? firstLine(read(broker.password_file, 'broker.password_file'))
      : env[BROKER_PASSWORD_ENV] || undefined);
  const secure = /^(mqtts|wss):/i.test(broker.url);
  const ca = broker.ca !== undefined ? read(broker.ca, 'broker.ca') : undefined;
  return {
    url: broker.url,
    username: broker.username,
    password,
    protocol: broker.protocol,
    tls: secure || ca !== undefined ? { ca } : undefined,
  };
}

function read(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new NocturneError(
      DeviceErrorCode.Config,
      `${field}: cannot read ${file}: ${(err as Error).message}`,
    );
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]?.trim() ?? '';
}
