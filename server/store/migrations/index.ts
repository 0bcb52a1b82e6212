import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-rooms-invites-participants.ts';
import * as m0002 from './0002-qa.ts';
import * as m0003 from './0003-governance.ts';
import * as m0004 from './0004-corpus.ts';
import * as m0005 from './0005-audit-json-guard.ts';

/**
 * Every migration, in order. To add one: create `NNNN-what-it-does.ts` next to this file exporting
 * `up` (and `down`), then add one line here. Names sort lexically, so keep the 4-digit prefix.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-rooms-invites-participants': m0001,
  '0002-qa': m0002,
  '0003-governance': m0003,
  '0004-corpus': m0004,
  '0005-audit-json-guard': m0005,
};
