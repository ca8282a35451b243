import { join } from 'node:path';
import mqtt from 'mqtt';
import { type Clock, RealClock } from '../shared/clock.js';
import { NocturneError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { BrokerTls } from '../shared/mqtt-client.js';
import { projectRoot } from '../shared/package-info.js';
import { Random } from '../shared/random.js';
import { unitIdSchema } from '../shared/schemas/common.js';
import type { ItemTextFile } from '../shared/schemas/outcomes/index.js';
import { isDurableKind, parseTopic } from '../shared/topics.js';
import { AlertEvaluator } from './alerts/evaluator.js';
import { PresenceRecorder } from './alerts/presence.js';
import { AlertService } from './alerts/service.js';
import type { SessionLimits } from './auth/sessions.js';
import { brokerAuthenticator } from './broker/authenticate.js';
import { CredentialWatch } from './broker/credential-watch.js';
import { type BrokerTlsListener, EmbeddedBroker } from './broker/embedded-broker.js';
import { generateSecret } from './broker/passwords.js';
import { type ClusterMember, joinCluster } from './cluster/cluster.js';
import { slotClientId } from './cluster/ingest-slots.js';
import { intervalJob, Leader, type PeriodicJob, stoppableJob } from './cluster/leader.js';
import { OrphanDrain } from './cluster/orphan-drain.js';
import { ControlPublisher } from './control/publisher.js';
import { ControllerErrorCode } from './errors.js';
import { type BuiltApp, buildApp } from './http/app.js';
import { GapDetector } from './ingest/gap-detector.js';
import { Ingest } from './ingest/ingest.js';
import { alertServiceHooks, type OutcomeHooks } from './outcomes/alerts.js';
import { OverdueWatch } from './outcomes/overdue-watch.js';
import { openStore } from './store/open.js';
import { type ControllerStore, repositories } from './store/repos.js';

export type BrokerChoice =
  | {
      kind: 'embedded';
      host: string;
      port: number;
      /** Take a free port when `port` is busy (the demo). */
      fallbackToFreePort: boolean;
      /** Let clients without a login subscribe read-only to telemetry, as an integrator would. */
      anonymousRead: boolean;
      /** MQTT over TLS towards the network; plain MQTT stays on `host` (loopback). */
      tls?: BrokerTlsListener;
    }
  | { kind: 'external'; url: string; username?: string; password?: string; tls?: BrokerTls };

export interface ControllerOptions {
  broker: BrokerChoice;
  /** `sqlite:PATH` or `postgres://…`. */
  db: string;
  /** `tls` (PEM certificate and key) serves the dashboard over HTTPS. */
  http: { host: string; port: number; tls?: { cert: string | Buffer; key: string | Buffer } };
  log: Logger;
  clock?: Clock;
  /** 4 = MQTT 3.1.1 (default); 5 for an external MQTT 5 broker (session and message expiry). */
  mqttProtocol?: 4 | 5;
  /** Publish Home Assistant discovery under this prefix (opt-in: it sends patient data into HA). */
  haDiscoveryPrefix?: string;
  /** How long a missing seq may stay missing before it is recorded as a gap, ms. */
  gapGraceMs?: number;
  /** Login session expiry and rate limit (defaults: 30 min idle, 12 h absolute, 5 failures / 15 min). */
  sessionLimits?: Partial<SessionLimits>;
  /** Serve only the first-run page until an admin exists (`nocturne controller`; not the demo). */
  requireAdmin?: boolean;
  /** Where outcome alerts go (PHQ-9 item 9, overdue measures); default: the alerts engine. */
  outcomeHooks?: OutcomeHooks;
  /** A clinic's licensed questionnaire wording (`--item-text FILE`). */
  itemText?: ItemTextFile;
  /** How often the alert rules run over every patient, ms (default 60 s of the Clock). */
  alertEveryMs?: number;
  /**
   * One of several controller processes on PostgreSQL and an external broker (docs/SCALING.md):
   * ingest shared through `$share/nocturne-ingest/…`, live updates over NOTIFY, the periodic work
   * under an advisory lock. `pollMs`: how often a process tries to take the periodic work over.
   */
  cluster?: { pollMs?: number };
}

export interface RunningController {
  httpUrl: string;
  brokerUrl: string;
  /** The embedded broker's TLS listener, when it has one. */
  brokerTlsUrl: string | undefined;
  store: ControllerStore;
  ingest: Ingest;
  publisher: ControlPublisher;
  /** The embedded broker, when there is one (tests stop and restart it). */
  broker: EmbeddedBroker | undefined;
  /** The alert rules' periodic run (tests call `evaluateAll()` after moving the clock). */
  alertEvaluator: AlertEvaluator;
  /** Whether this process runs the periodic work now (always, without `cluster`). */
  leader: Leader;
  /** This process's ingest slot, with `cluster`. */
  ingestSlot: number | undefined;
  /** The HTTP app (tests use `inject()`), its route table, login sessions, audit log and alerts. */
  http: BuiltApp;
  /**
   * Creates or rotates a unit's MQTT login; the password is shown once. A rotation disconnects
   * the unit at once from the embedded broker, so it must come back with the new password.
   */
  provisionUnit(unit: string): Promise<{ username: string; password: string }>;
  /** Deletes a unit's login and disconnects it at once; false when it had none. */
  revokeUnit(unit: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** The controller's own login on its embedded broker; not a valid unit id, so no unit can take it. */
const CONTROLLER_USERNAME = 'controller@nocturne';

/** Expired login sessions and stale failed-login rows are dropped this often. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** Overdue outcome measures become alerts within this long of their due day passing. */
const OVERDUE_CHECK_EVERY_MS = 60 * 60_000;

/** Composes the controller: store, broker (embedded or external), ingest, HTTP. */
export async function startController(o: ControllerOptions): Promise<RunningController> {
  const clock = o.clock ?? new RealClock();
  const log = o.log;
  const store = await openStore(o.db, log);
  const repos = repositories(store);
  const stack: (() => Promise<void>)[] = [() => store.close()];
  const stop = async () => {
    for (const close of stack.splice(0).reverse()) {
      await close().catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
    }
  };
  try {
    let brokerUrl: string;
    let login: { username?: string; password?: string; tls?: BrokerTls };
    let embedded: EmbeddedBroker | undefined;
    // Set once ingest exists; the broker hands it durable messages before acknowledging them.
    let ingestRef: Ingest | undefined;
    if (o.broker.kind === 'embedded') {
      const secret = generateSecret();
      const broker = new EmbeddedBroker({
        host: o.broker.host,
        port: o.broker.port,
        fallbackToFreePort: o.broker.fallbackToFreePort,
        log: log.child({ part: 'broker' }),
        haPrefix: o.haDiscoveryPrefix,
        beforeAck: async (topic, payload) => {
          const suffix = parseTopic(topic)?.suffix ?? '';
          if (!isDurableKind(suffix)) return;
          if (!ingestRef || (await ingestRef.handle(topic, payload)) === 'failed')
            throw new NocturneError(ControllerErrorCode.StoreFailed, 'not stored');
        },
        tls: o.broker.tls,
        authenticate: brokerAuthenticator({
          accounts: repos.accounts,
          controller: { username: CONTROLLER_USERNAME, password: secret },
          anonymousRead: o.broker.anonymousRead,
        }),
      });
      await broker.start();
      stack.push(() => broker.stop());
      const watch = new CredentialWatch({
        broker,
        stamps: (users) => repos.accounts.stamps(users),
        clock,
        log: log.child({ part: 'broker' }),
      });
      watch.start();
      stack.push(() => watch.stop());
      embedded = broker;
      brokerUrl = broker.url;
      login = { username: CONTROLLER_USERNAME, password: secret };
    } else {
      brokerUrl = o.broker.url;
      login = { username: o.broker.username, password: o.broker.password, tls: o.broker.tls };
    }

    let cluster: ClusterMember | undefined;
    if (o.cluster) {
      const member = await joinCluster({
        db: store.db,
        dialect: store.dialect,
        dbUrl: o.db,
        externalBroker: o.broker.kind === 'external',
        clock,
        log: log.child({ part: 'cluster' }),
      });
      stack.push(() => member.stop());
      cluster = member;
    }

    const random = new Random(`controller:${clock.now()}`);
    const mqttBase = {
      connect: mqtt.connect,
      url: brokerUrl,
      ...login,
      protocol: o.mqttProtocol,
      clock,
      random,
    };
    const publisher = new ControlPublisher({
      ...mqttBase,
      store: repos,
      log: log.child({ part: 'publisher' }),
      haPrefix: o.haDiscoveryPrefix,
    });
    await publisher.start();
    stack.push(() => publisher.stop());

    const ingestLog = log.child({ part: 'ingest' });
    const ingest = new Ingest({
      ...mqttBase,
      clientId: cluster ? slotClientId(cluster.slot) : 'nocturne-controller-ingest',
      store: repos,
      log: ingestLog,
      durableOverMqtt: embedded === undefined,
      mode: cluster ? 'cluster' : 'single',
      relay: cluster?.units,
    });
    ingestRef = ingest;
    const presence = new PresenceRecorder(repos.heard, clock, log.child({ part: 'presence' }));
    ingest.onStored(({ unit, kind }) => {
      if (kind === 'info' || kind === 'status') publisher.discover(unit);
      // A status message may be the broker's Last Will, not the unit speaking.
      if (kind !== 'status') presence.heardFrom(unit);
    });
    await ingest.start();
    stack.push(() => ingest.stop());

    const gaps = new GapDetector({
      gaps: repos.gaps,
      clock,
      log: log.child({ part: 'gaps' }),
      graceMs: o.gapGraceMs,
    });

    const alerts = new AlertService(repos, clock);
    if (cluster) {
      const stopRelay = alerts.relayThrough(cluster.alerts);
      stack.push(async () => stopRelay());
    }
    // PHQ-9 item 9 and overdue measures become alerts like any other (docs/outcomes.md "Alerts").
    const outcomeHooks = o.outcomeHooks ?? alertServiceHooks(alerts);
    const http = await buildApp({
      alerts,
      store: repos,
      ingest,
      publisher,
      clock,
      log,
      webRoot: join(projectRoot(), 'dist', 'web'),
      tls: o.http.tls,
      sessionLimits: o.sessionLimits,
      requireAdmin: o.requireAdmin,
      outcomeHooks,
      itemText: o.itemText,
    });
    const { app } = http;
    stack.push(() => app.close());
    // A unit's answer to a command joins the command in the audit log.
    const stopAckAudit = ingest.onCommandAck(({ unit, ack }) => http.audit.commandAnswered(unit, ack));
    stack.push(async () => stopAckAudit());
    const evaluator = new AlertEvaluator({
      store: repos,
      alerts,
      clock,
      log: log.child({ part: 'alerts' }),
      everyMs: o.alertEveryMs,
    });
    const overdue = new OverdueWatch(repos, clock, outcomeHooks, log.child({ part: 'outcomes' }));
    const jobs: PeriodicJob[] = [
      { name: 'gap detection', start: () => gaps.start(), stop: () => gaps.stop() },
      { name: 'alert rules', start: () => evaluator.start(), stop: () => evaluator.stop() },
      intervalJob('login session pruning', clock, PRUNE_EVERY_MS, () =>
        http.sessions.prune().catch((err: unknown) => log.warn({ err }, 'login session pruning failed')),
      ),
      stoppableJob('overdue outcome measures', () => overdue.start(OVERDUE_CHECK_EVERY_MS)),
    ];
    if (cluster) {
      const member = cluster;
      jobs.push(
        new OrphanDrain({
          link: member.link,
          db: store.db,
          clock,
          log: log.child({ part: 'cluster' }),
          checkEveryMs: o.cluster?.pollMs,
          drainer: (clientId) =>
            new Ingest({
              ...mqttBase,
              clientId,
              store: repos,
              log: ingestLog.child({ drain: clientId }),
              mode: 'drain',
              relay: member.units,
            }),
        }),
      );
    }
    // One process at a time runs these: the holder of the advisory lock (always, without cluster).
    const leader = new Leader({
      link: cluster?.link,
      clock,
      log: log.child({ part: 'cluster' }),
      jobs,
      pollMs: o.cluster?.pollMs,
    });
    leader.start();
    stack.push(() => leader.stop());
    try {
      await app.listen({ host: o.http.host, port: o.http.port });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new NocturneError(
          ControllerErrorCode.PortInUse,
          `port ${o.http.port} is in use: choose another with --port`,
        );
      }
      throw err;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : o.http.port;
    const host = o.http.host === '127.0.0.1' || o.http.host === '0.0.0.0' ? 'localhost' : o.http.host;

    return {
      httpUrl: `${o.http.tls ? 'https' : 'http'}://${host}:${port}`,
      brokerUrl,
      brokerTlsUrl: embedded?.tlsUrl,
      store: repos,
      ingest,
      publisher,
      broker: embedded,
      http,
      alertEvaluator: evaluator,
      leader,
      ingestSlot: cluster?.slot,
      provisionUnit: async (unit) => {
        const password = await repos.accounts.issue(unitIdSchema.parse(unit), 'unit', clock.now());
        embedded?.disconnectUser(unit);
        return { username: unit, password };
      },
      revokeUnit: async (unit) => {
        const had = await repos.accounts.revoke(unit);
        embedded?.disconnectUser(unit);
        return had;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
