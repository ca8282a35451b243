import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.js';
import { NocturneError, SharedErrorCode } from '../../shared/errors.js';
import { defaultProgramConfig } from '../../shared/schemas/program-params.js';
import {
  exportProtocol,
  findProtocol,
  ISO_45,
  importProtocol,
  paramsHash,
  protocolSchema,
  protocolStamp,
} from '../../shared/schemas/protocol.js';

describe('protocols as data', () => {
  it('iso-45 is the clinical default: 45 min, every other parameter at its CLINICAL.md default', () => {
    expect(ISO_45).toMatchObject({ name: 'iso-45', version: 1 });
    expect(ISO_45.params).toEqual({ ...defaultProgramConfig, session_minutes: 45 });
    expect(findProtocol({ name: 'iso-45', version: 1 })).toBe(ISO_45);
    expect(findProtocol({ name: 'iso-45', version: 2 })).toBeUndefined();
  });

  it('hashes the resolved parameters as canonical JSON: key order does not matter, a value does', () => {
    const reversed = Object.fromEntries(Object.entries(ISO_45.params).reverse()) as typeof ISO_45.params;
    expect(canonicalJson(reversed)).toBe(canonicalJson(ISO_45.params));
    expect(paramsHash(reversed)).toBe(paramsHash(ISO_45.params));
    expect(paramsHash({ ...ISO_45.params, glide_minutes: 21 })).not.toBe(paramsHash(ISO_45.params));
    expect(protocolStamp(ISO_45).hash).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: [1, { d: 2, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":2}]}');
  });

  it('exports as one JSON file that imports to exactly the same intervention', () => {
    const clinic = protocolSchema.parse({
      name: 'ward-b-30',
      version: 3,
      title: 'Ward B, 30 minutes',
      params: { session_minutes: 30, glide_minutes: 15 },
    });
    const file = exportProtocol(clinic);
    const back = importProtocol(file);
    expect(back).toEqual(clinic);
    expect(protocolStamp(back)).toEqual(protocolStamp(clinic));
    expect(JSON.parse(file).hash).toBe(paramsHash(clinic.params));
  });

  it('refuses a file whose parameters were changed after export, or that breaks CLINICAL.md limits', () => {
    const tampered = JSON.parse(exportProtocol(ISO_45));
    tampered.params.session_minutes = 60;
    expect(() => importProtocol(JSON.stringify(tampered))).toThrow(
      expect.objectContaining({ code: SharedErrorCode.ProtocolHashMismatch }),
    );
    const tooLong = { ...JSON.parse(exportProtocol(ISO_45)), hash: undefined };
    tooLong.params.session_minutes = 120; // CLINICAL.md "Session": 20–90
    expect(() => importProtocol(JSON.stringify(tooLong))).toThrow(NocturneError);
    expect(() => importProtocol('{')).toThrow(expect.objectContaining({ code: SharedErrorCode.BadInput }));
  });
});
