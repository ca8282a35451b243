import { z } from 'zod';
import { envelopeSchema } from './common.js';

const portInfoSchema = z.object({
  adapter: z.string().describe('Which adapter drives the port, e.g. "speaker", "simulated"'),
  ok: z.boolean(),
  code: z.string().optional().describe('Error code when not ok'),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** Retained: what the unit is, what it can do, and whether it is calibrated. */
export const infoSchema = envelopeSchema.extend({
  firmware: z.string().max(64),
  simulated: z.boolean(),
  ports: z.object({
    audio: portInfoSchema,
    light: portInfoSchema,
    pulse: portInfoSchema,
    remote: portInfoSchema,
  }),
  calibration: z.object({
    calibrated: z.boolean().describe('False until a per-unit calibration is stored (CLINICAL.md)'),
    dba_at_0dbfs: z.number().describe('Sound level at the pillow, dB(A), for a 0 dBFS signal'),
    volume_cap_dba: z.number().max(60),
    light_cap: z.number().min(0).max(1).describe('Highest light level allowed, 0..1 perceptual'),
  }),
});
export type Info = z.infer<typeof infoSchema>;
