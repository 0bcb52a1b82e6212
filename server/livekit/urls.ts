/** The http(s) form of a LiveKit ws(s) URL, for the server API (Twirp). */
export function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):/i, 'http$1:');
}

/**
 * The embedded SFU's WebSocket URL as the browser sees this server: same host and port as the
 * request, wss behind TLS (directly or via a proxy that sets X-Forwarded-Proto).
 */
export function sameOriginWsUrl(requestUrl: string, forwardedProto?: string): string {
  const url = new URL(requestUrl);
  const proto = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  const secure = proto ? proto === 'https' : url.protocol === 'https:';
  return `${secure ? 'wss' : 'ws'}://${url.host}`;
}
