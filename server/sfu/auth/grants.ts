import { ParticipantInfo_Kind, ParticipantPermission, TrackSource } from '@livekit/protocol';
import type { ClaimGrants, VideoGrant } from 'livekit-server-sdk';

/** The claims of a verified access token, normalised to what the SFU needs. */
export interface VerifiedClaims {
  identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  kind: ParticipantInfo_Kind;
  video: VideoGrant;
  /** Expiry, seconds since the epoch. */
  expiresAtS: number;
}

const SOURCE_BY_NAME: Record<string, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

const KIND_BY_NAME: Record<string, ParticipantInfo_Kind> = {
  standard: ParticipantInfo_Kind.STANDARD,
  ingress: ParticipantInfo_Kind.INGRESS,
  egress: ParticipantInfo_Kind.EGRESS,
  sip: ParticipantInfo_Kind.SIP,
  agent: ParticipantInfo_Kind.AGENT,
  connector: ParticipantInfo_Kind.CONNECTOR,
  bridge: ParticipantInfo_Kind.BRIDGE,
};

function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Turns raw JWT claims into `VerifiedClaims`; unknown shapes fall back to LiveKit's defaults. */
export function normaliseClaims(claims: ClaimGrants): VerifiedClaims {
  const attributes: Record<string, string> = {};
  if (claims.attributes && typeof claims.attributes === 'object') {
    for (const [k, v] of Object.entries(claims.attributes)) {
      if (typeof v === 'string') attributes[k] = v;
    }
  }
  const video = claims.video && typeof claims.video === 'object' ? claims.video : {};
  return {
    identity: asString(claims.sub),
    name: asString(claims.name),
    metadata: asString(claims.metadata),
    attributes,
    kind: KIND_BY_NAME[asString(claims.kind)] ?? ParticipantInfo_Kind.STANDARD,
    video,
    expiresAtS: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}

/** Sources in a token may be names (`"microphone"`, as AccessToken writes them) or enum numbers. */
export function parseSources(raw: unknown): TrackSource[] {
  if (!Array.isArray(raw)) return [];
  const out: TrackSource[] = [];
  for (const s of raw) {
    if (typeof s === 'number' && TrackSource[s] !== undefined) out.push(s);
    else if (typeof s === 'string') {
      const src = SOURCE_BY_NAME[s.toLowerCase()];
      if (src !== undefined) out.push(src);
    }
  }
  return out;
}

/**
 * LiveKit's defaults: canPublish, canSubscribe and canPublishData are true unless the token says
 * false; canUpdateOwnMetadata and hidden are false unless it says true.
 */
export function permissionFromGrant(video: VideoGrant): ParticipantPermission {
  return new ParticipantPermission({
    canPublish: video.canPublish ?? true,
    canSubscribe: video.canSubscribe ?? true,
    canPublishData: video.canPublishData ?? true,
    canPublishSources: parseSources(video.canPublishSources),
    canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
    hidden: video.hidden ?? false,
    recorder: video.recorder ?? false,
    agent: video.agent ?? false,
  });
}

/** Whether `permission` allows publishing a track of `source`. */
export function canPublishSource(permission: ParticipantPermission, source: TrackSource): boolean {
  if (!permission.canPublish) return false;
  if (permission.canPublishSources.length === 0) return true;
  return permission.canPublishSources.includes(source);
}
