import { describe, expect, it } from 'vitest';
import { type BrokerIdentity, canPublish, canRead, canSubscribe } from '../../../controller/broker/acl.js';

const unit: BrokerIdentity = { role: 'unit', unit: 'bed-1' };
const integrator: BrokerIdentity = { role: 'integrator', name: 'ha' };
const anonymous: BrokerIdentity = { role: 'anonymous' };
const controller: BrokerIdentity = { role: 'controller' };

describe('broker ACL', () => {
  it('lets a unit publish only telemetry under its own topics', () => {
    for (const suffix of [
      'status',
      'info',
      'state',
      'session/event',
      'session/samples',
      'session/report',
      'schedule/applied',
      'cmd/start/ack',
    ]) {
      expect(canPublish(unit, `nocturne/v1/bed-1/${suffix}`), suffix).toBe(true);
    }
    expect(canPublish(unit, 'nocturne/v1/bed-2/status')).toBe(false);
    expect(canPublish(unit, 'nocturne/v1/bed-1/schedule')).toBe(false);
    expect(canPublish(unit, 'nocturne/v1/bed-1/cmd/start')).toBe(false);
    expect(canPublish(unit, 'homeassistant/device/bed-1/config')).toBe(false);
  });

  it('lets a unit read only its own schedule and commands', () => {
    expect(canSubscribe(unit, 'nocturne/v1/bed-1/schedule')).toBe(true);
    expect(canSubscribe(unit, 'nocturne/v1/bed-1/cmd/+')).toBe(true);
    expect(canSubscribe(unit, 'nocturne/v1/bed-2/cmd/+')).toBe(false);
    expect(canSubscribe(unit, 'nocturne/v1/+/state')).toBe(false);
    expect(canSubscribe(unit, 'nocturne/v1/#')).toBe(false);
    expect(canRead(unit, 'nocturne/v1/bed-1/cmd/stop')).toBe(true);
    expect(canRead(unit, 'nocturne/v1/bed-2/cmd/stop')).toBe(false);
  });

  it('lets integrators and anonymous clients read telemetry and write nothing', () => {
    for (const who of [integrator, anonymous]) {
      expect(canSubscribe(who, 'nocturne/v1/#')).toBe(true);
      expect(canSubscribe(who, 'nocturne/v1/+/status')).toBe(true);
      expect(canSubscribe(who, '#')).toBe(false);
      expect(canSubscribe(who, '$SYS/#')).toBe(false);
      expect(canRead(who, 'nocturne/v1/bed-1/state')).toBe(true);
      expect(canRead(who, 'nocturne/v1/bed-1/cmd/start/ack')).toBe(true);
      // Commands and schedules go to units; they are not telemetry.
      expect(canRead(who, 'nocturne/v1/bed-1/cmd/start')).toBe(false);
      expect(canRead(who, 'nocturne/v1/bed-1/schedule')).toBe(false);
      expect(canPublish(who, 'nocturne/v1/bed-1/state')).toBe(false);
    }
  });

  it('lets the controller do everything', () => {
    expect(canPublish(controller, 'nocturne/v1/bed-1/cmd/start')).toBe(true);
    expect(canSubscribe(controller, '$share/nocturne-ingest/nocturne/v1/+/state')).toBe(true);
    expect(canRead(controller, 'anything')).toBe(true);
  });
});
