import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** Full path of an executable, looked up like a shell would; null when it is not installed. */
export async function findOnPath(command: string, pathEnv = process.env.PATH ?? ''): Promise<string | null> {
  const candidates = isAbsolute(command)
    ? [command]
    : pathEnv
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, command));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}
