import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-rooms-invites-participants.ts';

/**
 * Every migration, in order. To add one: create `NNNN-what-it-does.ts` next to this file exporting
 * `up` (and `down`), then add one line here. Names sort lexically, so keep the 4-digit prefix.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-rooms-invites-participants': m0001,
};
