import { stringify } from 'yaml';
import { z } from 'zod';
import { PACKAGE_VERSION } from './package-info.js';
import { COMMAND_NAMES } from './schemas/command.js';
import { addressTemplate, BASE_TOPIC, DURABLE_KINDS, inboundTopics, unitTopics } from './topics.js';

interface ChannelSpec {
  id: string;
  suffix: string;
  schema: z.ZodType;
  retain: boolean;
  /** From the unit's side: it sends telemetry and receives commands and schedules. */
  action: 'send' | 'receive';
  summary: string;
}

const SUMMARIES: Record<string, string> = {
  status:
    'online/offline; retained, and the Last Will (its ts is that of the connection: take the arrival time)',
  info: 'firmware, ports, calibration; retained',
  state:
    'phase, bpm, volume, light, session, next scheduled session (and why scheduled sessions are held back); retained, on change, at most 2 Hz',
  'session/event':
    'durable: started / phase / stopped, with reason; missed / skipped for a scheduled start that did not run',
  'session/samples': 'durable: a batch of samples at least every 10 s during a session',
  'session/report': 'durable: the session summary when it ends',
  'schedule/applied': 'the schedule version in force, or why the last one was refused; retained',
  schedule: 'the desired schedule, versioned; retained, published by the controller',
  ack: 'answers to a command: accepted or rejected (with a reason), then done',
};

function channels(): ChannelSpec[] {
  const out: ChannelSpec[] = [];
  for (const [suffix, t] of Object.entries(unitTopics)) {
    if (suffix.startsWith('cmd/')) continue;
    out.push({
      id: idOf(suffix),
      suffix,
      schema: t.schema,
      retain: t.retain,
      action: 'send',
      summary: SUMMARIES[suffix] ?? suffix,
    });
  }
  out.push({
    id: 'commandAck',
    suffix: 'cmd/{name}/ack',
    schema: unitTopics['cmd/start/ack'].schema,
    retain: false,
    action: 'send',
    summary: SUMMARIES.ack as string,
  });
  for (const [suffix, t] of Object.entries(inboundTopics)) {
    const summary =
      suffix === 'schedule'
        ? (SUMMARIES.schedule as string)
        : `command ${suffix.slice(4)}: executed at most once per cmd_id, never after expires_at`;
    out.push({ id: idOf(suffix), suffix, schema: t.schema, retain: t.retain, action: 'receive', summary });
  }
  return out;
}

function idOf(suffix: string): string {
  return suffix.replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * JSON Schema draft 7 (what AsyncAPI schemas build on) from a zod schema. What a unit receives is
 * described as a sender may write it (a field with a default is optional); what it sends, as sent.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'any',
    io,
  }) as Record<string, unknown>;
  return rest;
}

/**
 * The AsyncAPI 3 document of the MQTT interface, generated from the zod schemas and the topic map
 * in shared/, so it cannot drift from the code (docs/asyncapi.yaml is its checked-in copy).
 */
export function asyncApiDocument(): Record<string, unknown> {
  const specs = channels();
  const unitParam = { description: 'Unit id: 1–32 characters of a-z, 0-9 and -' };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Nocturne MQTT interface',
      version: PACKAGE_VERSION,
      description: [
        `Topics under \`${BASE_TOPIC}/<unit>/\`, seen from a bedside unit: it sends telemetry and receives commands and schedules.`,
        'MQTT 3.1.1 is the baseline, QoS 1 throughout. Every unit→ payload has `v`, `unit` and `ts` (ms since the epoch, UTC).',
        `The durable session messages (${DURABLE_KINDS.join(', ')}) also carry \`epoch\` and \`seq\`: +1 per message within an epoch, shared by the three kinds, never reused, surviving restarts. A consumer that sees every seq of an epoch has lost nothing; store idempotently on (unit, epoch, seq).`,
        'See docs/mqtt.md for the full contract.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:1883',
        protocol: 'mqtt',
        protocolVersion: '3.1.1',
        description: "The controller's embedded broker (login per unit or integrator).",
      },
    },
    channels: Object.fromEntries(
      specs.map((c) => [
        c.id,
        {
          address: addressTemplate(c.suffix),
          summary: c.summary,
          parameters: {
            unit: unitParam,
            ...(c.suffix.includes('{name}')
              ? { name: { enum: [...COMMAND_NAMES], description: 'Command name' } }
              : {}),
          },
          messages: { [c.id]: { $ref: `#/components/messages/${c.id}` } },
        },
      ]),
    ),
    operations: Object.fromEntries(
      specs.map((c) => [
        `${c.action}${c.id[0]?.toUpperCase()}${c.id.slice(1)}`,
        {
          action: c.action,
          channel: { $ref: `#/channels/${c.id}` },
          summary: c.summary,
          bindings: { mqtt: { qos: 1, retain: c.retain, bindingVersion: '0.2.0' } },
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        specs.map((c) => [
          c.id,
          {
            name: c.id,
            title: c.suffix,
            contentType: 'application/json',
            payload: jsonSchema(c.schema, c.action === 'receive' ? 'input' : 'output'),
          },
        ]),
      ),
    },
  };
}

export function asyncApiYaml(): string {
  return stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
