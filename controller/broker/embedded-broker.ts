import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { type BrokerIdentity, canPublish, canRead, canSubscribe } from './acl.js';
import { listenWithFallback } from './listen.js';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  /** If the port is taken, listen on a free one instead (the demo); otherwise fail. */
  fallbackToFreePort: boolean;
  /** Who a login is; undefined refuses it. No username at all asks about anonymous access. */
  authenticate(
    username: string | undefined,
    password: string | undefined,
  ): Promise<BrokerIdentity | undefined>;
  log: Logger;
  /**
   * Called with what a unit publishes, before the broker acknowledges it; a rejection refuses the
   * message (the unit keeps it in its outbox and sends it again). Lets ingest store durable
   * messages before the PUBACK, since this broker keeps nothing across a restart.
   */
  beforeAck?(topic: string, payload: Buffer): Promise<void>;
  /** Home Assistant discovery prefix, when the controller publishes discovery: integrators may read it. */
  haPrefix?: string;
}

/** Connack code 4 in MQTT 3.1.1: bad user name or password. */
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * The controller's own MQTT broker (aedes, MQTT 3.1.1) for a ward or a home, with logins and the
 * ACL of DESIGN.md. Retained messages and sessions live in memory.
 */
export class EmbeddedBroker {
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private readonly identities = new WeakMap<Client, BrokerIdentity>();
  private boundPort = 0;

  constructor(private readonly o: EmbeddedBrokerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `mqtt://${this.o.host}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const { log } = this.o;
    const aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        this.o.authenticate(username || undefined, password?.toString('utf8')).then(
          (who) => {
            if (who) {
              this.identities.set(client, who);
              done(null, true);
            } else {
              log.warn({ client: client.id, username }, 'broker login refused');
              done(refusal(), false);
            }
          },
          (err: unknown) => {
            log.error({ err: errorMessage(err) }, 'broker login check failed');
            done(refusal(), false);
          },
        );
      },
      authorizePublish: (client, packet, done) => {
        const who = client ? this.identities.get(client) : { role: 'controller' as const };
        if (who && canPublish(who, packet.topic)) {
          if (who.role !== 'unit' || !this.o.beforeAck) return done(null);
          this.o.beforeAck(packet.topic, packet.payload as Buffer).then(
            () => done(null),
            (err: unknown) => {
              log.warn(
                { client: client?.id, topic: packet.topic, err: errorMessage(err) },
                'publish not stored',
              );
              done(err instanceof Error ? err : new Error(String(err)));
            },
          );
        } else {
          log.warn({ client: client?.id, topic: packet.topic }, 'publish refused by ACL');
          done(new Error('not authorized'));
        }
      },
      authorizeSubscribe: (client, sub, done) => {
        const who = this.identities.get(client);
        if (who && canSubscribe(who, sub.topic, this.o.haPrefix)) done(null, sub);
        else {
          log.warn({ client: client.id, topic: sub.topic }, 'subscribe refused by ACL');
          done(new Error('not authorized'));
        }
      },
      authorizeForward: (client, packet) => {
        const who = this.identities.get(client);
        return who && canRead(who, packet.topic, this.o.haPrefix) ? packet : null;
      },
    });
    aedes.on('clientError', (client, err) =>
      log.debug({ client: client.id, err: err.message }, 'client error'),
    );
    aedes.on('connectionError', (client, err) =>
      log.debug({ client: client?.id, err: err.message }, 'bad connection'),
    );
    this.aedes = aedes;
    const server = createServer(aedes.handle);
    this.server = server;
    // A restart listens where the first start did, so clients find it again.
    this.boundPort = await listenWithFallback(
      server,
      this.o.host,
      this.boundPort || this.o.port,
      this.o.fallbackToFreePort,
    );
    log.info({ url: this.url }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    const { aedes, server } = this;
    this.aedes = undefined;
    this.server = undefined;
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function refusal(): AuthenticateError {
  return Object.assign(new Error('bad user name or password'), { returnCode: BAD_USERNAME_OR_PASSWORD });
}
