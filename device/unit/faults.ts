import type { Clock } from '../../shared/clock.js';
import { errorMessage, type NocturneError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { Fault } from '../../shared/schemas/common.js';
import { DeviceErrorCode } from '../errors/codes.js';

type FaultPort = Fault['port'];

interface Entry {
  fault: Fault;
  /** A hardware fault ends when its port reports itself working again; a signal fault is cleared explicitly. */
  endsWithPort: boolean;
}

const CODE = /^E_[A-Z0-9_]+$/;

/** The catalogue code an error carries, or the generic port failure for one that has none. */
export function faultCode(err: unknown): string {
  const raw = (err as Partial<NocturneError> | undefined)?.code;
  return typeof raw === 'string' && CODE.test(raw) ? raw : DeviceErrorCode.PortFailed;
}

/**
 * The faults standing on a unit, for `state.faults`: one per port and code, so a port failing
 * again and again is one fault, dated by its first failure.
 */
export class FaultBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** A port failed: recorded under the error's catalogue code, until the port works again. */
  portFailed(port: FaultPort, err: unknown): Fault {
    const code = faultCode(err);
    const message = errorMessage(err).slice(0, 500);
    this.log.error({ port, code, err: message }, 'port fault');
    const fault: Fault = { code, port, message, since: this.clock.now() };
    this.entries.set(key(port, code), { fault, endsWithPort: true });
    return fault;
  }

  /** A condition the port cannot see (a lost pulse): stands until `clear`. */
  raise(port: FaultPort, code: DeviceErrorCode, message: string): void {
    if (this.has(port, code)) return;
    this.log.warn({ port, code }, message);
    this.entries.set(key(port, code), {
      fault: { code, port, message, since: this.clock.now() },
      endsWithPort: false,
    });
  }

  clear(port: FaultPort, code: DeviceErrorCode): void {
    if (this.entries.delete(key(port, code))) this.log.info({ port, code }, 'fault cleared');
  }

  has(port: FaultPort, code: DeviceErrorCode): boolean {
    return this.entries.has(key(port, code));
  }

  /** The faults still standing; `portOk` tells which ports report themselves working again. */
  current(portOk: (port: FaultPort) => boolean): Fault[] {
    for (const [k, entry] of this.entries) {
      if (entry.endsWithPort && portOk(entry.fault.port)) this.entries.delete(k);
    }
    return [...this.entries.values()].map((e) => e.fault);
  }
}

function key(port: FaultPort, code: string): string {
  return `${port}:${code}`;
}
