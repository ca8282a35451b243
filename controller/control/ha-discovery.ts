import { PACKAGE_VERSION } from '../../shared/package-info.js';
import { phaseSchema } from '../../shared/schemas/common.js';
import { haDeviceId, haDiscoveryTopic, unitTopic } from '../../shared/topics.js';

export const DEFAULT_HA_PREFIX = 'homeassistant';

/**
 * Home Assistant MQTT device discovery for one unit (one retained message per device, HA ≥ 2024.11):
 * heart rate, phase, volume and light from the retained `state`, and online status from `status`.
 * The sensors read the unit's own topics, so nothing is copied and nothing can drift.
 */
export function haDiscovery(unit: string, prefix = DEFAULT_HA_PREFIX): { topic: string; payload: object } {
  const id = haDeviceId(unit);
  const state = unitTopic(unit, 'state');
  const status = unitTopic(unit, 'status');
  const availability = {
    availability_topic: status,
    availability_template: '{{ value_json.state }}',
    payload_available: 'online',
    payload_not_available: 'offline',
  };
  const sensor = (key: string, extra: Record<string, unknown>) => ({
    p: 'sensor',
    unique_id: `${id}_${key}`,
    state_topic: state,
    ...availability,
    ...extra,
  });
  return {
    topic: haDiscoveryTopic(prefix, unit),
    payload: {
      dev: { ids: [id], name: `Nocturne ${unit}`, mf: 'Nocturne', mdl: 'Bedside unit' },
      o: { name: 'nocturne', sw: PACKAGE_VERSION },
      qos: 1,
      cmps: {
        [`${id}_bpm`]: sensor('bpm', {
          name: 'Heart rate',
          unit_of_measurement: 'bpm',
          state_class: 'measurement',
          icon: 'mdi:heart-pulse',
          value_template: '{{ value_json.bpm }}',
        }),
        [`${id}_phase`]: sensor('phase', {
          name: 'Phase',
          device_class: 'enum',
          options: phaseSchema.options,
          value_template: '{{ value_json.phase }}',
        }),
        [`${id}_volume`]: sensor('volume', {
          name: 'Volume',
          unit_of_measurement: 'dB',
          device_class: 'sound_pressure',
          state_class: 'measurement',
          value_template: '{{ value_json.volume_db }}',
        }),
        [`${id}_light`]: sensor('light', {
          name: 'Light',
          unit_of_measurement: '%',
          state_class: 'measurement',
          icon: 'mdi:lightbulb-night',
          value_template: '{{ (value_json.light * 100) | round(0) }}',
        }),
        [`${id}_online`]: {
          p: 'binary_sensor',
          unique_id: `${id}_online`,
          name: 'Online',
          device_class: 'connectivity',
          state_topic: status,
          value_template: '{{ value_json.state }}',
          payload_on: 'online',
          payload_off: 'offline',
        },
      },
    },
  };
}
