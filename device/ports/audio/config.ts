import { z } from 'zod';
import { audioAdapters } from './index.js';

/**
 * The `audio` section of the unit config (docs/audio.md). `auto` uses `speaker` where it loads
 * and `aplay` otherwise; a Pi in production sets `aplay`, which keeps the sound stack in a child
 * process that cannot take the unit down.
 */
export const audioConfigSchema = z
  .object({
    adapter: z.enum(audioAdapters).default('auto'),
    /** ALSA device, e.g. "default", "plughw:CARD=Device,DEV=0". */
    device: z.string().min(1).optional(),
    /** For `wav`: the file the session's audio is recorded to. */
    path: z.string().min(1).optional(),
    /** Rendering cushion ahead of the device, ms. */
    lead_ms: z.number().int().min(20).max(2000).default(200),
  })
  .strict()
  .refine((c) => c.adapter !== 'wav' || c.path !== undefined, {
    message: 'audio.adapter "wav" needs audio.path',
    path: ['path'],
  });

export type AudioConfig = z.infer<typeof audioConfigSchema>;
