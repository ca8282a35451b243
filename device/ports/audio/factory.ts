import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/log.js';
import { AplaySink } from './aplay.js';
import type { AudioConfig } from './config.js';
import type { AudioSink } from './index.js';
import { NullAudioSink } from './null.js';
import { probeSpeaker, SpeakerSink } from './speaker.js';
import { WavFileSink } from './wav-file.js';

export interface AudioSinkDeps {
  clock: Clock;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds the sink the config asks for. `auto` probes `speaker` (in a child process, since a bad
 * device aborts the process that loads it) and falls back to `aplay` when it is missing, did not
 * build, or finds no device. Never throws for a missing device: the sink reports it once started.
 */
export async function createAudioSink(config: AudioConfig, deps: AudioSinkDeps): Promise<AudioSink> {
  const { clock, log } = deps;
  switch (config.adapter) {
    case 'null':
      return new NullAudioSink();
    case 'wav':
      return new WavFileSink(config.path ?? 'session.wav');
    case 'aplay':
      return new AplaySink({ clock, device: config.device, env: deps.env });
    case 'speaker':
      return new SpeakerSink({ clock, device: config.device });
    case 'auto': {
      const reason = await probeSpeaker(deps.env);
      if (!reason) return new SpeakerSink({ clock, device: config.device });
      log.info({ code: reason.code, reason: reason.message }, 'speaker unavailable: using aplay');
      return new AplaySink({ clock, device: config.device, env: deps.env });
    }
  }
}
