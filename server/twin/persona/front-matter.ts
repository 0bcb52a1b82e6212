import { parse as parseYaml } from 'yaml';
import { PersonaError } from '../errors.ts';

export interface SplitDocument {
  data: unknown;
  body: string;
}

/** Splits `---\nYAML\n---\nbody` and parses the YAML; errors name the file. */
export function splitFrontMatter(raw: string, file: string): SplitDocument {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m)
    throw new PersonaError(
      file,
      'missing YAML front matter (the file must start with a "---" line, then title/date/source/approved_by, then "---")',
    );
  let data: unknown;
  try {
    data = parseYaml(m[1]!, { uniqueKeys: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new PersonaError(file, `front matter is not valid YAML: ${reason}`, { cause: err });
  }
  return { data: data ?? {}, body: text.slice(m[0].length) };
}
