import type { Context } from 'hono';

/** Whether the client reached us over TLS, directly or through a proxy that says so. */
export function isHttps(c: Context): boolean {
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded ? forwarded === 'https' : new URL(c.req.url).protocol === 'https:';
}

/** The origin the client used, e.g. http://localhost:8080, for links that point back at us. */
export function requestOrigin(c: Context): string {
  const url = new URL(c.req.url);
  return `${isHttps(c) ? 'https' : 'http'}://${url.host}`;
}
