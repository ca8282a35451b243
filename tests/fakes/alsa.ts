import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private ALSA setup for one test: the default PCM is ALSA's file plugin over a null device,
 * so real `aplay` and real `speaker` play into `rawPath` and the test reads back the bytes.
 */
export function alsaFileDevice(): { env: NodeJS.ProcessEnv; rawPath: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nocturne-alsa-'));
  const rawPath = join(dir, 'out.raw');
  const config = join(dir, 'asound.conf');
  writeFileSync(
    config,
    `pcm.!default { type file; slave.pcm { type null }; file "${rawPath}"; format "raw" }\n`,
  );
  return { env: { ...process.env, ALSA_CONFIG_PATH: config }, rawPath, dir };
}
