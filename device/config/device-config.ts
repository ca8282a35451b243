import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ABSOLUTE_MAX_DBA, DEFAULT_CAP_DBA, DEFAULT_LIGHT_CAP } from '../../shared/calibration.js';
import { NocturneError } from '../../shared/errors.js';
import { formatIssues } from '../../shared/format-issues.js';
import { unitIdSchema } from '../../shared/schemas/common.js';
import { programConfigSchema } from '../../shared/schemas/program-params.js';
import { DeviceErrorCode } from '../errors/codes.js';
import { DEFAULT_PRESET, type PresetName, presets } from '../music/generative/presets.js';
import { audioConfigSchema } from '../ports/audio/config.js';
import { patientProfiles } from '../sim/patient.js';

/** Documentation of every key: docs/device-config.md, and docs/program.md for `program`. */
const DOCS = 'see docs/device-config.md and docs/program.md';

export const calibrationSchema = z
  .object({
    /** dB(A) at the pillow for 0 dBFS. Default until calibrated: 85 (CLINICAL.md "Sound level"). */
    dba_at_0dbfs: z.number().min(60).max(110).optional(),
    /** Hard cap, dB(A) at the pillow: default 55, never above 60 (CLINICAL.md, DESIGN.md "Safety"). */
    volume_cap_dba: z.number().min(20).max(ABSOLUTE_MAX_DBA).default(DEFAULT_CAP_DBA),
    /** Highest light level, 0..1 perceptual (the evening ≤ 10 lux melanopic EDI limit, measured). */
    light_cap: z.number().min(0).max(1).default(DEFAULT_LIGHT_CAP),
  })
  .strict();

const simulatedPort = z.object({ adapter: z.literal('simulated') }).strict();

/** An integer given as a number or as a "0x.." string (I2C addresses, USB ids read better in hex). */
const intOrHex = (min: number, max: number) =>
  z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^0x[0-9a-f]+$/i, 'expected a number or 0x-hex')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));
const i2cAddress = (fallback: number) => intOrHex(0x03, 0x77).default(fallback);
const i2cBus = z.number().int().min(0).max(31).default(1);
const usbId = intOrHex(0, 0xffff);
const button = z.enum(['start_stop', 'snooze', 'louder', 'quieter', 'brighter', 'dimmer']);

export const lightConfigSchema = z.discriminatedUnion('adapter', [
  simulatedPort,
  z
    .object({
      adapter: z.literal('pca9685'),
      bus: i2cBus,
      address: i2cAddress(0x40),
      channel: z.number().int().min(0).max(15).default(0),
      invert: z.boolean().default(false),
      open_drain: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('sysfs-pwm'),
      /** `auto` = the Pi's own PWM controller; else its device name, e.g. "1f00098000.pwm". */
      chip: z.string().min(1).default('auto'),
      channel: z.number().int().min(0).max(15).default(0),
      /** ≥ 1.25 kHz is low-risk at full depth, ≥ 3 kHz has no observable effect (CLINICAL.md "Light", IEEE 1789). */
      frequency_hz: z.number().min(1250).max(100_000).default(3000),
      clock_hz: z.number().positive().optional(),
      invert: z.boolean().default(false),
    })
    .strict(),
]);

export const pulseConfigSchema = z.discriminatedUnion('adapter', [
  simulatedPort.extend({
    profile: z.enum(Object.keys(patientProfiles) as ['typical', 'insomnia']).default('typical'),
  }),
  z
    .object({
      adapter: z.literal('ads1115'),
      bus: i2cBus,
      address: i2cAddress(0x48),
      channel: z.number().int().min(0).max(3).default(0),
      full_scale_v: z
        .union([z.literal(6.144), z.literal(4.096), z.literal(2.048), z.literal(1.024)])
        .default(4.096),
      /** ≥ 100 samples/s even with the ADC's ±10 % rate error. */
      data_rate: z.union([z.literal(128), z.literal(250), z.literal(475), z.literal(860)]).default(128),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('max30102'),
      bus: i2cBus,
      address: i2cAddress(0x57),
      led_current_ma: z.number().min(0).max(51).default(7),
      finger_threshold: z.number().int().min(0).max(0x3ffff).default(50_000),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('cms50d'),
      /** Prefer the stable /dev/serial/by-id/… name over /dev/ttyUSB0. */
      path: z.string().min(1),
      baud: z.number().int().positive().default(19_200),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('cms50e'),
      vendor_id: usbId.default(0x28e9),
      product_id: usbId.default(0x028a),
    })
    .strict(),
]);

export const remoteConfigSchema = z.discriminatedUnion('adapter', [
  simulatedPort,
  z
    .object({
      adapter: z.literal('gpio'),
      buttons: z
        .array(
          z
            .object({
              gpio: z.number().int().min(0).max(27),
              button,
              pull: z.enum(['up', 'down', 'none']).default('up'),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('hid'),
      vendor_id: usbId,
      product_id: usbId,
      interface: z.number().int().min(0).optional(),
      report: z.enum(['keyboard', 'consumer']).default('keyboard'),
      /** HID usage (e.g. "0x2c" = Space) → button; replaces the default map for the report kind. */
      keymap: z.record(z.string().regex(/^0x[0-9a-f]+$/i), button).optional(),
    })
    .strict(),
]);

export const boardConfigSchema = z
  .object({
    /** `auto`: raspi-io on a Pi 3/4 running as root, else the project's IO plugin (Pi 5 and others). */
    io: z.enum(['auto', 'raspi-io', 'nocturne']).default('auto'),
    gpio_chip: z.string().min(1).default('auto'),
    i2c_bus: i2cBus,
  })
  .strict();

/** What plays: the generative engine's preset, or the patient's own music (docs/music.md). */
export const musicConfigSchema = z
  .object({
    preset: z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]).default(DEFAULT_PRESET),
    /** Files and folders of WAV, FLAC, Ogg Vorbis or MP3; empty plays the generative engine. */
    playlist: z.array(z.string().min(1)).max(1000).default([]),
  })
  .strict();

export const deviceConfigSchema = z
  .object({
    unit_id: unitIdSchema,
    broker: z
      .object({
        url: z.string().url(),
        username: z.string().optional(),
        /** For tests and the bench; in production use `password_file` or NOCTURNE_BROKER_PASSWORD. */
        password: z.string().optional(),
        /** A file holding the password (first line), readable by the unit's user only. */
        password_file: z.string().min(1).optional(),
        /** PEM file of a private CA that signed the broker's certificate (mqtts:// URLs). */
        ca: z.string().min(1).optional(),
        /** 4 = MQTT 3.1.1, works with every broker; 5 adds session expiry and will delay. */
        protocol: z.union([z.literal(4), z.literal(5)]).default(4),
      })
      .strict()
      .refine((b) => !(b.password !== undefined && b.password_file !== undefined), {
        message: 'give password or password_file, not both',
        path: ['password_file'],
      }),
    state_dir: z.string().optional(),
    calibration: calibrationSchema.default({ volume_cap_dba: DEFAULT_CAP_DBA, light_cap: DEFAULT_LIGHT_CAP }),
    board: boardConfigSchema.default({ io: 'auto', gpio_chip: 'auto', i2c_bus: 1 }),
    /** The wind-down program: clinical defaults, each within its allowed range (docs/program.md). */
    program: programConfigSchema.prefault({}),
    /** The sound output (docs/audio.md); `aplay` on a Pi keeps ALSA in a child process. */
    audio: audioConfigSchema.prefault({}),
    music: musicConfigSchema.prefault({}),
    ports: z
      .object({
        pulse: pulseConfigSchema,
        light: lightConfigSchema,
        remote: remoteConfigSchema,
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
export type MusicConfig = z.infer<typeof musicConfigSchema>;

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
