import {
  RTCRtpCodecParameters,
  useAudioLevelIndication,
  useSdesMid,
  type RTCPeerConnectionConfig,
} from 'werift';

/** Network settings for the SFU's ICE agents. */
export interface IceOptions {
  /** UDP port range for ICE (e.g. to open in a firewall); any free port when unset. */
  portRange?: [number, number];
  /** Extra host addresses to offer as candidates, e.g. `127.0.0.1` or a LAN address. */
  additionalHostAddresses?: string[];
  /** Offer IPv6 host candidates too (off by default: most dev hosts have no IPv6 route). */
  useIpv6?: boolean;
}

/**
 * Opus only: the embedded SFU carries voices. Video sections offered by clients are rejected
 * (port 0), which the SDKs accept.
 */
function opus(): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: 111,
    parameters: 'minptime=10;useinbandfec=1',
  });
}

export function buildPeerConfig(ice: IceOptions): RTCPeerConnectionConfig {
  return {
    codecs: { audio: [opus()], video: [] },
    headerExtensions: { audio: [useSdesMid(), useAudioLevelIndication()] },
    iceUseIpv6: ice.useIpv6 ?? false,
    iceAdditionalHostAddresses: ice.additionalHostAddresses,
    icePortRange: ice.portRange,
    bundlePolicy: 'max-bundle',
  };
}
