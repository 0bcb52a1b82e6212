import type { Logger } from 'pino';
import type { MediaConfig } from '../config/index.ts';
import type * as SfuModule from '../sfu/index.ts';
import type { EmbeddedSfu } from '../sfu/index.ts';
import { LivekitError } from './errors.ts';

const HINT =
  'Set LIVEKIT_URL (with its key pair) to use a LiveKit server, or PODIUM_MEDIA=none to run without media.';

/**
 * Starts the embedded SFU when the config asks for it; null for an external LiveKit or no media.
 * Imported lazily so that a deployment on a LiveKit cluster never loads werift. Failures become a
 * LivekitError `sfu_unavailable` whose message says what to do instead.
 */
export async function startEmbeddedSfu(media: MediaConfig, log: Logger): Promise<EmbeddedSfu | null> {
  if (media.mode !== 'embedded') return null;
  let mod: typeof SfuModule;
  try {
    mod = await import('../sfu/index.ts');
  } catch (err) {
    throw new LivekitError(
      'sfu_unavailable',
      `The embedded SFU (server/sfu/index.ts) failed to load. ${HINT}`,
      {
        cause: err,
      },
    );
  }
  try {
    // The SFU names its own child logger (module: 'sfu').
    return mod.createEmbeddedSfu({ apiKey: media.apiKey, apiSecret: media.apiSecret, logger: log });
  } catch (err) {
    throw new LivekitError('sfu_unavailable', `The embedded SFU failed to start. ${HINT}`, { cause: err });
  }
}
