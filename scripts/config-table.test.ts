import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable } from './config-table.ts';

describe('README configuration table', () => {
  it('matches the variables the server validates (regenerate with node --import tsx scripts/config-table.ts)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('<!-- config-table:start -->');
    const end = readme.indexOf('<!-- config-table:end -->');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const inReadme = readme.slice(start + '<!-- config-table:start -->'.length, end).trim();
    expect(inReadme).toBe(configTable());
  });
});
