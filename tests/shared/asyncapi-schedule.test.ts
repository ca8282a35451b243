import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../shared/package-info.js';
import { scheduleEntrySchema, scheduleSchema } from '../../shared/schemas/schedule.js';
import { sessionEventSchema } from '../../shared/schemas/session-event.js';

type JsonSchema = {
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
};

const messages = (
  parse(readFileSync(join(projectRoot(), 'docs', 'asyncapi.yaml'), 'utf8')) as {
    components: { messages: Record<string, { payload: JsonSchema }> };
  }
).components.messages;

/** The keys a sender must write: those zod requires on input (no default, not optional). */
function requiredOnInput(shape: Record<string, { safeParse(v: unknown): { success: boolean } }>): string[] {
  return Object.entries(shape)
    .filter(([, s]) => !s.safeParse(undefined).success)
    .map(([k]) => k);
}

describe('the AsyncAPI document and the zod schemas of schedules', () => {
  it("describes the schedule as a controller may send it: every field, and only today's minimal ones required", () => {
    const payload = messages.schedule?.payload as JsonSchema;
    expect(Object.keys(payload.properties ?? {}).sort()).toEqual(Object.keys(scheduleSchema.shape).sort());
    expect(payload.required?.sort()).toEqual(requiredOnInput(scheduleSchema.shape).sort());
    expect(payload.required?.sort()).toEqual(['entries', 'issued_at', 'timezone', 'version']);
    const entry = payload.properties?.entries?.items as JsonSchema;
    const entryShape = scheduleEntrySchema.shape;
    expect(Object.keys(entry.properties ?? {}).sort()).toEqual(Object.keys(entryShape).sort());
    expect(entry.required?.sort()).toEqual(['duration_min', 'time']);
  });

  it('lists every session event type, the missed and skipped scheduled starts among them', () => {
    const types = (messages.sessionEvent?.payload.oneOf ?? []).map(
      (s) => (s.properties?.type as { const?: string } | undefined)?.const,
    );
    expect(types).toEqual(sessionEventSchema.options.map((o) => o.shape.type.value));
    expect(types).toEqual(expect.arrayContaining(['missed', 'skipped']));
  });

  it('has the optional schedule_hold on state', () => {
    const state = messages.state?.payload as JsonSchema;
    expect(state.properties?.schedule_hold).toBeDefined();
    expect(state.required).not.toContain('schedule_hold');
  });
});
