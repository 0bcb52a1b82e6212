import { CONFIG_DOCS } from '../server/config/index.ts';

/** The README's configuration table, generated from the same list the server validates against. */
export function configTable(): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const rows = CONFIG_DOCS.map(
    (d) => `| \`${d.name}\` | ${d.default ? esc(d.default) : '—'} | ${esc(d.description)} |`,
  );
  return ['| variable | default | what it does |', '|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${configTable()}\n`);
