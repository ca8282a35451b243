import type { Clock } from '../../shared/clock.js';
import { errorMessage, NocturneError } from '../../shared/errors.js';
import { DeviceErrorCode } from '../errors/codes.js';
import type { Port } from '../ports/port.js';
import type { DoctorCheck } from './check.js';

/**
 * Opens a port once and says whether it works. `settleMs`: how long to wait for a fault after it
 * opened (a child process may fail only then).
 */
export async function checkPort(
  name: string,
  port: Port,
  clock: Clock,
  timeoutMs: number,
  settleMs = 0,
): Promise<DoctorCheck> {
  let failure: NocturneError | Error | undefined;
  const off = port.onFault((err) => {
    failure ??= err;
  });
  const abort = new AbortController();
  try {
    await Promise.race([
      port.start(),
      clock.sleep(timeoutMs, abort.signal).then(() => {
        throw new NocturneError(DeviceErrorCode.PortOpenTimeout, `did not open within ${timeoutMs} ms`);
      }),
    ]);
  } catch (err) {
    failure ??= err instanceof Error ? err : new Error(String(err));
  } finally {
    abort.abort();
  }
  if (!failure && settleMs > 0) await clock.sleep(settleMs);
  const status = port.status();
  off();
  await port.stop().catch(() => undefined);
  const detail = status.detail ?? {};
  if (failure || !status.ok) {
    const details = (failure as Partial<NocturneError> | undefined)?.details ?? {};
    const fix = typeof details.fix === 'string' ? details.fix : undefined;
    return {
      name,
      ok: false,
      summary: `${status.adapter}: ${failure ? errorMessage(failure) : String(detail.error ?? 'not working')}`,
      ...(fix ? { fix } : {}),
      code: (failure as Partial<NocturneError> | undefined)?.code ?? status.code,
    };
  }
  return { name, ok: true, summary: `${status.adapter}: ${describe(detail)}` };
}

function describe(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['device', 'location', 'io', 'frequency_hz', 'resolution_bits', 'calibrated_hz', 'cap']) {
    if (detail[key] !== undefined) parts.push(`${key} ${String(detail[key])}`);
  }
  return parts.join(', ') || 'ok';
}
