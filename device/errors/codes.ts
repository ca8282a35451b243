import { SharedErrorCode } from '../../shared/errors.js';

/** The device side's error catalogue. Faults on MQTT `state` and logs carry these codes. */
export const DeviceErrorCode = {
  AudioDeviceMissing: 'E_AUDIO_DEVICE_MISSING',
  AudioSinkFailed: 'E_AUDIO_SINK_FAILED',
  /** A music file in a format no decoder here reads (skipped; the playlist goes on). */
  AudioFileUnsupported: 'E_AUDIO_FILE_UNSUPPORTED',
  /** A music file that cannot be read or decoded (skipped; the playlist goes on). */
  AudioFileCorrupt: 'E_AUDIO_FILE_CORRUPT',
  LightDeviceMissing: 'E_LIGHT_DEVICE_MISSING',
  PulseDeviceMissing: 'E_PULSE_DEVICE_MISSING',
  PulseNoSignal: 'E_PULSE_NO_SIGNAL',
  RemoteDeviceMissing: 'E_REMOTE_DEVICE_MISSING',
  NativePackageMissing: 'E_NATIVE_PACKAGE_MISSING',
  /** The device node exists but this user may not open it (missing group or udev rule). */
  DevicePermission: 'E_DEVICE_PERMISSION',
  /** Another process holds the device (a GPIO line, a serial port). */
  DeviceBusy: 'E_DEVICE_BUSY',
  BrokerUnreachable: 'E_BROKER_UNREACHABLE',
  StateDir: 'E_STATE_DIR',
  /** The board cannot do what was asked (analog inputs, servos on a Pi). */
  BoardUnsupported: 'E_BOARD_UNSUPPORTED',
  /** A port did not open within doctor's time limit. */
  PortOpenTimeout: 'E_PORT_OPEN_TIMEOUT',
  /** The playlist's decoder thread stopped. */
  AudioDecoderFailed: 'E_AUDIO_DECODER_FAILED',
  /** A publication was asked of a link that has stopped, or the broker did not answer in time. */
  TelemetryStopped: 'E_TELEMETRY_STOPPED',
  PublishTimeout: 'E_PUBLISH_TIMEOUT',
  /** A port failed with an error that carries no code of its own. */
  PortFailed: 'E_PORT_FAILED',
  /** The unit shut down during a session: the session ends as a fault. */
  UnitStopping: 'E_UNIT_STOPPING',
  Config: SharedErrorCode.Config,
} as const;

export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];
