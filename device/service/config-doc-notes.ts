/**
 * What each unit config key means, for the generated reference in docs/device-config.md, where
 * the schema has no `.describe()` of its own. Keys are paths; `[adapter]` names a port's variant.
 * The drift test fails on a key that has neither, so a new key cannot go undocumented.
 */
export const configNotes: Record<string, string> = {
  unit_id: 'the unit’s id on MQTT; also its broker username',
  'broker.url': '`mqtt://` or `mqtts://` (TLS) URL of the broker',
  'broker.username': 'login (`nocturne add-unit ID` issues one for the embedded broker)',
  'broker.password':
    'password of that login, in the file itself (tests); in production use `password_file` or NOCTURNE_BROKER_PASSWORD',
  'broker.password_file':
    'file whose first line is the password (mode 0600, owned by the unit’s user); not together with `password`',
  'broker.ca':
    'PEM file of the private CA that signed the broker’s certificate; the certificate is always verified (docs/SECURITY.md)',
  'broker.protocol':
    '`4` = MQTT 3.1.1, works with every broker; `5` also asks for a session expiry (7 days) and a will delay (30 s)',
  state_dir:
    'outbox, epoch and seq counters, schedule (default `./data/unit-<id>`; the service uses `/var/lib/nocturne`)',
  'calibration.dba_at_0dbfs':
    'sound level at the pillow for a 0 dBFS signal, measured per unit; absent = uncalibrated (85)',
  'calibration.volume_cap_dba': 'hard volume cap at the pillow, dB(A)',
  'calibration.light_cap':
    'highest light level, 0..1 perceptual (L*/100): the evening ≤ 10 lux melanopic EDI limit',
  'board.io': 'johnny-five IO plugin: `raspi-io` (Pi 3/4, root), `nocturne` (any Linux board, Pi 5), `auto`',
  'board.gpio_chip': 'GPIO controller label; `auto` = the Pi’s header controller',
  'board.i2c_bus': 'bus for johnny-five I2C components',
  'audio.adapter':
    'where the sound goes: `aplay` (recommended on a Pi), `speaker`, `wav`, `null`, `auto` (docs/audio.md)',
  'audio.device':
    'ALSA device for `aplay -D` / `speaker`, e.g. `plughw:CARD=Device,DEV=0`; default: ALSA’s default',
  'audio.path': 'with `wav`: the file the session is recorded to',
  'audio.lead_ms': 'how far ahead of the clock audio is rendered, ms',
  'music.preset': 'the generative engine’s preset (docs/music.md)',
  'music.playlist':
    'files and folders of WAV, FLAC, Ogg Vorbis, MP3, played in order of tempo; empty plays the generative engine',
  'ports.light[pca9685].bus': 'I2C bus',
  'ports.light[pca9685].address': 'I2C address of the PCA9685',
  'ports.light[pca9685].channel': 'output channel; ~1526 Hz, 12-bit (the prescaler is shared by all 16)',
  'ports.light[pca9685].invert': 'the driver stage inverts (LED on at low output)',
  'ports.light[pca9685].open_drain': 'open-drain outputs instead of totem-pole',
  'ports.light[sysfs-pwm].chip':
    '`auto` = the Pi’s own PWM controller; else its device name, e.g. `1f00098000.pwm`',
  'ports.light[sysfs-pwm].channel': 'Pi 5: GPIO12/13/18/19 = channels 0–3; Pi 3/4: GPIO18 = 0, GPIO19 = 1',
  'ports.light[sysfs-pwm].frequency_hz':
    '≥ 1.25 kHz is low-risk flicker at full depth, ≥ 3 kHz has no observable effect (IEEE 1789)',
  'ports.light[sysfs-pwm].clock_hz': 'the controller’s clock, to compute the resolution; 50 MHz assumed',
  'ports.light[sysfs-pwm].invert': 'the driver stage inverts',
  'ports.pulse[simulated].profile': 'the simulated patient',
  'ports.pulse[ads1115].bus': 'I2C bus',
  'ports.pulse[ads1115].address': 'I2C address of the ADS1115',
  'ports.pulse[ads1115].channel': 'analog input of the pulse sensor',
  'ports.pulse[ads1115].full_scale_v': 'input range, ± volts',
  'ports.pulse[ads1115].data_rate': 'samples/s; ≥ 100 even with the ADC’s ±10 % rate error',
  'ports.pulse[max30102].bus': 'I2C bus',
  'ports.pulse[max30102].address': 'I2C address of the MAX30102',
  'ports.pulse[max30102].led_current_ma': 'LED drive current, mA',
  'ports.pulse[max30102].finger_threshold': 'IR level above which a finger is on the sensor',
  'ports.pulse[cms50d].path': 'serial device; prefer `/dev/cms50` (udev rule) or `/dev/serial/by-id/…`',
  'ports.pulse[cms50d].baud': 'serial speed (8-O-1)',
  'ports.pulse[cms50e].vendor_id': 'USB vendor id of the HID oximeter',
  'ports.pulse[cms50e].product_id': 'USB product id',
  'ports.remote[gpio].buttons': 'the buttons wired to the header',
  'ports.remote[gpio].buttons[].gpio': 'BCM GPIO number',
  'ports.remote[gpio].buttons[].button': 'what the button does',
  'ports.remote[gpio].buttons[].pull': '`up` (button to ground), `down`, `none`; debounced by johnny-five',
  'ports.remote[hid].vendor_id': 'USB vendor id of the keypad or media remote (`lsusb`)',
  'ports.remote[hid].product_id': 'USB product id',
  'ports.remote[hid].interface': 'USB interface, when the device has several',
  'ports.remote[hid].report': '`keyboard` (keypads) or `consumer` (media remotes)',
  'ports.remote[hid].keymap':
    'HID usage (`"0x2c"` = Space) → button; replaces the default map of the report kind',
};
