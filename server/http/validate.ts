import type { Context } from 'hono';
import type { z, ZodError } from 'zod';
import { HttpError } from './http-error.ts';

/**
 * A short, field-naming message for the client, e.g. `name: must be 1-48 characters`.
 * Lists up to three issues; the rest are summarized. With the validated `data`, a missing field
 * reads "is required" rather than a type mismatch.
 */
export function formatZodError(err: ZodError, data?: unknown): string {
  const parts = err.issues.slice(0, 3).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    if (
      issue.code === 'invalid_type' &&
      data !== undefined &&
      issue.path.length > 0 &&
      valueAt(data, issue.path) === undefined
    ) {
      return `${field}: is required`;
    }
    if (issue.code === 'unrecognized_keys') {
      return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    }
    return `${field}: ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  const more = err.issues.length - parts.length;
  return more > 0 ? `${parts.join('; ')} (and ${more} more)` : parts.join('; ');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Validates `data` with `schema`, throwing a 400 `invalid_request` that names the bad field. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new HttpError(400, 'invalid_request', formatZodError(result.error, data));
  return result.data;
}

/**
 * Reads the body as JSON and validates it. An empty or malformed body is a 400 `invalid_json`; the
 * size limit is enforced by the body-limit middleware before the body is buffered.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type');
  // Only JSON: a text/plain or form POST is what a cross-site page can send without a preflight.
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `Expected a JSON body (application/json), got ${type}`,
    );
  }
  const text = await c.req.text();
  if (text.trim() === '')
    throw new HttpError(400, 'invalid_json', 'Request body is empty; expected a JSON object');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof SyntaxError ? `: ${err.message}` : '';
    throw new HttpError(400, 'invalid_json', `Request body is not valid JSON${detail}`);
  }
  return parseWith(schema, data);
}

/** Validates one path or query parameter; the error names it, e.g. `id: must be ...`. */
export function parseParam<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const message = issue ? issue.message.replace(/^Invalid input: /, '') : 'is not valid';
  throw new HttpError(400, 'invalid_request', `${name}: ${message}`);
}
