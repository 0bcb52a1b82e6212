import { describe, expect, it } from 'vitest';
import type { PrincipalDto, StaffRole } from '../../common/governance.ts';
import { can, canSee, describeRoles, ownedTeams, pageFromHash, pagesFor } from './access.ts';

const admin: PrincipalDto = { kind: 'admin', name: 'admin', roles: ['admin'] };
const staff = (...roles: StaffRole[]): PrincipalDto => ({ kind: 'staff', id: 'st_1', name: 'Sam', roles });

describe('console access', () => {
  it('gives the admin every page and action', () => {
    expect(pagesFor(admin)).toEqual([
      'rooms',
      'consent',
      'approvals',
      'followups',
      'audit',
      'metrics',
      'personas',
      'staff',
    ]);
    expect(can(admin, 'revive')).toBe(true);
    expect(describeRoles(admin)).toMatch(/admin/);
  });

  it('follows the server’s grants for each staff role', () => {
    expect(pagesFor(staff('owner:people'))).toEqual(['followups']);
    expect(pagesFor(staff('consent'))).toEqual(['consent', 'personas']);
    expect(pagesFor(staff('control'))).toEqual(['rooms', 'consent', 'personas']);
    expect(pagesFor(staff('auditor'))).toEqual([
      'rooms',
      'consent',
      'approvals',
      'followups',
      'audit',
      'metrics',
      'personas',
    ]);
    expect(pagesFor(staff('agent'))).toEqual([]);
    expect(can(staff('control'), 'control')).toBe(true);
    expect(can(staff('control'), 'revive')).toBe(false);
    expect(can(staff('comms'), 'revive')).toBe(true);
    expect(can(staff('comms'), 'consent.write')).toBe(false);
    expect(can(staff('auditor'), 'approvals.decide')).toBe(false);
    expect(can(staff('owner:people'), 'followups.draft')).toBe(true);
    expect(can(staff('owner:people'), 'followups.manage')).toBe(false);
    for (const role of ['comms', 'consent', 'control', 'auditor', 'agent', 'owner:people'] as const) {
      expect(canSee(staff(role), 'staff'), role).toBe(false);
    }
    expect(can(staff('consent'), 'corpus.manage')).toBe(false);
    expect(can(staff('comms'), 'corpus.manage')).toBe(true);
    expect(canSee(staff('comms', 'consent'), 'consent')).toBe(true);
  });

  it('names owned teams and reads page hashes', () => {
    expect(ownedTeams(staff('owner:people', 'owner:security', 'comms'))).toEqual(['people', 'security']);
    expect(describeRoles(staff('owner:people', 'comms'))).toBe('owner of people, comms');
    expect(pageFromHash('#audit')).toBe('audit');
    expect(pageFromHash('#/metrics')).toBe('metrics');
    expect(pageFromHash('#staff')).toBe('staff');
    expect(pageFromHash('#nope')).toBeNull();
    expect(pageFromHash('')).toBeNull();
  });
});
