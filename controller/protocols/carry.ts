import { NocturneError } from '../../shared/errors.js';
import { type CarriedProtocol, findProtocol, paramsHash } from '../../shared/schemas/protocol.js';
import { DEFAULT_PROTOCOL } from '../../shared/schemas/protocol-ref.js';
import type { ScheduleBodyInput } from '../../shared/schemas/schedule.js';
import { ControllerErrorCode } from '../errors.js';
import { type ProtocolLibrary, protocolFile } from './library.js';

/** A schedule names a protocol the library does not have: a 400, with every such entry listed. */
export class UnknownProtocolError extends NocturneError {
  readonly statusCode = 400;
  constructor(readonly reasons: string[]) {
    super(ControllerErrorCode.UnknownProtocol, reasons.join('\n'), { reasons });
  }
}

/**
 * The schedule as a unit receives it: every clinic protocol its entries run goes along in
 * `protocols` (from the library, never from the request), so a unit needs no other source.
 * Built-in protocols are not sent: every unit has them.
 */
export async function carryProtocols(
  library: ProtocolLibrary,
  body: ScheduleBodyInput,
): Promise<ScheduleBodyInput> {
  const { protocols: _fromRequest, ...rest } = body;
  const carried = new Map<string, CarriedProtocol>();
  const reasons: string[] = [];
  for (const [i, entry] of body.entries.entries()) {
    const ref = entry.protocol ?? DEFAULT_PROTOCOL;
    const key = `${ref.name}@${ref.version}`;
    if (findProtocol(ref) || carried.has(key)) continue;
    const found = await library.find(ref);
    if (!found) {
      reasons.push(`entries.${i}.protocol: no protocol ${ref.name} v${ref.version} in the library`);
      continue;
    }
    const protocol = protocolFile(found);
    carried.set(key, { ...protocol, hash: paramsHash(protocol.params) });
  }
  if (reasons.length > 0) throw new UnknownProtocolError(reasons);
  return carried.size > 0 ? { ...rest, protocols: [...carried.values()] } : rest;
}
