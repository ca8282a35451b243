import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NocturneError } from '../shared/errors.js';
import { formatIssues } from '../shared/format-issues.js';
import { unitIdSchema } from '../shared/schemas/common.js';
import { programConfigSchema } from '../shared/schemas/program-params.js';
import { DeviceErrorCode } from './errors.js';
import { patientProfiles } from './sim/patient.js';

/** Documentation of every key: docs/device-config.md, and docs/program.md for `program`. */
const DOCS = 'see docs/device-config.md and docs/program.md';

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
      .object({ url: z.string().url(), username: z.string().optional(), password: z.string().optional() })
      .strict(),
    state_dir: z.string().optional(),
    calibration: calibrationSchema.default({ volume_cap_dba: 55, light_cap: 0.3 }),
    /** The wind-down program: clinical defaults, each within its allowed range (docs/program.md). */
    program: programConfigSchema.prefault({}),
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
  .strict()
  .superRefine((config, ctx) => {
    const { program, calibration } = config;
    if (program.start_volume_dba > calibration.volume_cap_dba) {
      ctx.addIssue({
        code: 'custom',
        path: ['program', 'start_volume_dba'],
        message: `must not exceed calibration.volume_cap_dba (${calibration.volume_cap_dba})`,
      });
    }
    if (program.start_light > calibration.light_cap) {
      ctx.addIssue({
        code: 'custom',
        path: ['program', 'start_light'],
        message: `must not exceed calibration.light_cap (${calibration.light_cap})`,
      });
    }
  });

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
