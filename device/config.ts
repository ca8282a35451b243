import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NocturneError } from '../shared/errors.js';
import { formatIssues } from '../shared/format-issues.js';
import { unitIdSchema } from '../shared/schemas/common.js';
import { DeviceErrorCode } from './errors.js';
import { patientProfiles } from './sim/patient.js';

/** Documentation of every key: docs/device-config.md. */
const DOCS = 'see docs/device-config.md';

export const calibrationSchema = z
  .object({
    /** dB(A) at the pillow for 0 dBFS. Default until calibrated: 85 (CLINICAL.md "Sound level"). */
    dba_at_0dbfs: z.number().min(60).max(110).optional(),
    /** Hard cap, dB(A) at the pillow: default 55, never above 60 (CLINICAL.md, DESIGN.md "Safety"). */
    volume_cap_dba: z.number().min(20).max(60).default(55),
    /** Highest light level, 0..1 perceptual (the evening ≤ 10 lux melanopic EDI limit, measured). */
    light_cap: z.number().min(0).max(1).default(0.3),
  })
  .strict();

const simulatedPort = z.object({ adapter: z.literal('simulated') }).strict();

export const deviceConfigSchema = z
  .object({
    unit_id: unitIdSchema,
    broker: z
      .object({
        url: z.string().url(),
        username: z.string().optional(),
        password: z.string().optional(),
        /** 4 = MQTT 3.1.1, works with every broker; 5 adds session expiry and will delay. */
        protocol: z.union([z.literal(4), z.literal(5)]).default(4),
      })
      .strict(),
    state_dir: z.string().optional(),
    /** Session length, minutes: 45 typical, configurable 20–90 (CLINICAL.md "Session"). */
    session_minutes: z.number().min(20).max(90).default(45),
    calibration: calibrationSchema.default({ volume_cap_dba: 55, light_cap: 0.3 }),
    ports: z
      .object({
        pulse: simulatedPort.extend({
          profile: z.enum(Object.keys(patientProfiles) as ['typical', 'insomnia']),
        }),
        light: simulatedPort,
        remote: simulatedPort,
      })
      .strict(),
  })
  .strict();

export type DeviceConfig = Readonly<z.infer<typeof deviceConfigSchema>>;

/** Reads and validates the unit config; every problem is listed as `path: message`. */
export function loadDeviceConfig(file: string): DeviceConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new NocturneError(DeviceErrorCode.Config, `cannot read config ${file}: ${String(err)}`);
  }
  const parsed = deviceConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new NocturneError(
      DeviceErrorCode.Config,
      `invalid config ${file} (${DOCS}):\n${formatIssues(parsed.error)}`,
    );
  }
  return Object.freeze(parsed.data);
}
