import type { z } from 'zod';
import { PersonaError } from '../errors.ts';

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

function shown(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/** Parses or throws a PersonaError naming the file and the field: `corpus/a.md: front matter "date" must be …, got "March"`. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  what: string,
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const field = fieldName(issue.path);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const subject = field.length > 0 ? `${what} "${field}"` : what;
    if (missing) return `${subject} is required`;
    const got = 'input' in issue ? `, got ${shown(issue.input)}` : '';
    return `${subject} ${issue.message}${got}`;
  });
  const first = result.error.issues[0];
  throw new PersonaError(file, messages.join('; '), first ? { field: fieldName(first.path) } : {});
}
