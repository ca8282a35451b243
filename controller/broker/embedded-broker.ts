import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { errorMessage } from '../../shared/errors.js';
import { MAX_PAYLOAD_BYTES } from '../../shared/limits.js';
import type { Logger } from '../../shared/log.js';
import { type BrokerIdentity, canPublish, canRead, canSubscribe } from './acl.js';
import { listenWithFallback } from './listen.js';
import { assertPlainListenerOnLoopback } from './network-policy.js';
import { limitPacketSize } from './packet-limit.js';

/** The broker's TLS listener towards the network (DESIGN.md "Network and TLS"). */
export interface BrokerTlsListener {
  host: string;
  /** 8883 by default; 0 takes a free one. */
  port: number;
  /** PEM text of the certificate (chain) and its key. */
  cert: string | Buffer;
  key: string | Buffer;
  /** PEM text of a CA for client certificates; clients still log in with a password. */
  ca?: string | Buffer;
}

export interface EmbeddedBrokerOptions {
  /** Where plain MQTT listens: a loopback address (the controller's own clients use it). */
  host: string;
  port: number;
  /** If the port is taken, listen on a free one instead (the demo); otherwise fail. */
  fallbackToFreePort: boolean;
  /**
   * Who a login is; undefined refuses it. No username at all asks about anonymous access. A
   * `stamp` names the credential used, so a rotated or revoked one can be told apart (`sweep`).
   */
  authenticate(
    username: string | undefined,
    password: string | undefined,
  ): Promise<(BrokerIdentity & { stamp?: string }) | undefined>;
  log: Logger;
  /**
   * Called with what a unit publishes, before the broker acknowledges it; a rejection refuses the
   * message (the unit keeps it in its outbox and sends it again). Lets ingest store durable
   * messages before the PUBACK, since this broker keeps nothing across a restart.
   */
  beforeAck?(topic: string, payload: Buffer): Promise<void>;
  /** Home Assistant discovery prefix, when the controller publishes discovery: integrators may read it. */
  haPrefix?: string;
  /** MQTT over TLS, for units and integrators on the network. */
  tls?: BrokerTlsListener;
}

/** Connack code 4 in MQTT 3.1.1: bad user name or password. */
const BAD_USERNAME_OR_PASSWORD = 4;

/**
 * The controller's own MQTT broker (aedes, MQTT 3.1.1) for a ward or a home, with logins and the
 * ACL of DESIGN.md. Retained messages and sessions live in memory.
 */
export class EmbeddedBroker {
  private aedes: Aedes | undefined;
  private servers: Server[] = [];
  private readonly identities = new WeakMap<Client, BrokerIdentity>();
  private readonly stamps = new WeakMap<Client, string>();
  /** Logged-in clients now (aedes keeps its own list untyped). */
  private readonly connected = new Set<Client>();
  private boundPort = 0;
  private boundTlsPort = 0;

  constructor(private readonly o: EmbeddedBrokerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `mqtt://${this.o.host}:${this.boundPort}`;
  }

  /** The TLS listener's URL, when there is one. */
  get tlsUrl(): string | undefined {
    const tls = this.o.tls;
    return tls ? `mqtts://${tls.host}:${this.boundTlsPort}` : undefined;
  }

  /**
   * Closes every connection logged in as `username` at once (a revoked or rotated login); the
   * client's reconnect then meets the new password check.
   */
  disconnectUser(username: string): number {
    let closed = 0;
    for (const client of this.connected) {
      const who = this.identities.get(client);
      if (who && usernameOf(who) === username) {
        client.close();
        closed++;
      }
    }
    return closed;
  }

  /** The usernames of the clients connected now (units and integrators). */
  connectedUsers(): string[] {
    const names = new Set<string>();
    for (const client of this.connected) {
      const who = this.identities.get(client);
      const name = who && usernameOf(who);
      if (name) names.add(name);
    }
    return [...names];
  }

  /**
   * Disconnects every client whose login no longer stands: its username is gone from `current`
   * (revoked) or carries another stamp (rotated). Returns how many were closed.
   */
  sweep(current: ReadonlyMap<string, string>): number {
    let closed = 0;
    for (const client of this.connected) {
      const who = this.identities.get(client);
      const name = who && usernameOf(who);
      const stamp = this.stamps.get(client);
      if (name && stamp !== undefined && current.get(name) !== stamp) {
        this.o.log.info({ username: name }, 'login revoked or rotated: disconnecting');
        client.close();
        closed++;
      }
    }
    return closed;
  }

  async start(): Promise<void> {
    const { log } = this.o;
    assertPlainListenerOnLoopback(this.o.host);
    const aedes = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        this.o.authenticate(username || undefined, password?.toString('utf8')).then(
          (who) => {
            if (who) {
              const { stamp, ...identity } = who;
              this.identities.set(client, identity as BrokerIdentity);
              if (stamp !== undefined) this.stamps.set(client, stamp);
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
          // A failure return code (0x80) for this filter, as Mosquitto answers; the client stays connected.
          done(null, null);
        }
      },
      authorizeForward: (client, packet) => {
        const who = this.identities.get(client);
        return who && canRead(who, packet.topic, this.o.haPrefix) ? packet : null;
      },
    });
    aedes.on('clientReady', (client) => this.connected.add(client));
    aedes.on('clientDisconnect', (client) => this.connected.delete(client));
    aedes.on('clientError', (client, err) =>
      log.debug({ client: client.id, err: err.message }, 'client error'),
    );
    aedes.on('connectionError', (client, err) =>
      log.debug({ client: client?.id, err: err.message }, 'bad connection'),
    );
    this.aedes = aedes;
    // No packet may be bigger than the largest payload ingest parses, plus room for its topic.
    const handle = (socket: Duplex) =>
      aedes.handle(
        limitPacketSize(socket, MAX_PAYLOAD_BYTES + 1024, () =>
          log.warn('packet too large: connection closed'),
        ),
      );
    const server = createServer(handle);
    this.servers.push(server);
    // A restart listens where the first start did, so clients find it again.
    this.boundPort = await listenWithFallback(
      server,
      this.o.host,
      this.boundPort || this.o.port,
      this.o.fallbackToFreePort,
    );
    const tls = this.o.tls;
    if (tls) {
      const secure = createTlsServer({ cert: tls.cert, key: tls.key, ca: tls.ca }, handle);
      secure.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake failed'));
      this.servers.push(secure);
      this.boundTlsPort = await listenWithFallback(secure, tls.host, this.boundTlsPort || tls.port, false);
    }
    log.info({ url: this.url, tls_url: this.tlsUrl }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    const { aedes, servers } = this;
    this.aedes = undefined;
    this.connected.clear();
    this.servers = [];
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    for (const server of servers) {
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

function usernameOf(who: BrokerIdentity): string | undefined {
  if (who.role === 'unit') return who.unit;
  if (who.role === 'integrator') return who.name;
  return undefined;
}

function refusal(): AuthenticateError {
  return Object.assign(new Error('bad user name or password'), { returnCode: BAD_USERNAME_OR_PASSWORD });
}
