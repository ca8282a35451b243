import fc from 'fast-check';

/** Payloads that are almost right: junk bytes, any JSON, one field replaced by anything, or removed. */
export function badPayload(valid: Record<string, unknown>): fc.Arbitrary<Buffer> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.json().map((j) => Buffer.from(j)),
    fc
      .tuple(fc.constantFrom(...keys), fc.anything())
      .map(([k, v]) => Buffer.from(JSON.stringify({ ...valid, [k]: v }) ?? '')),
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _dropped, ...rest } = valid;
      return Buffer.from(JSON.stringify(rest));
    }),
    fc.string().map((s) => Buffer.from(JSON.stringify(valid).slice(0, s.length))),
  );
}
