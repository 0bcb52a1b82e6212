import { describe, expect, it } from 'vitest';
import { describePeople } from './rooms-page.ts';
import { readStaffRoles } from './staff-page.ts';

describe('staff form', () => {
  it('turns ticked grants and team ids into roles', () => {
    expect(readStaffRoles(['comms', 'auditor'], ' people , it-security,people')).toEqual({
      roles: ['comms', 'auditor', 'owner:people', 'owner:it-security'],
    });
    expect(readStaffRoles([], 'people')).toEqual({ roles: ['owner:people'] });
  });

  it('names the first problem', () => {
    expect(readStaffRoles([], '  ')).toEqual({ error: expect.stringMatching(/at least one/) });
    expect(readStaffRoles(['comms'], 'People Ops')).toEqual({ error: expect.stringMatching(/"People Ops"/) });
    expect(readStaffRoles([], 'a--b')).toEqual({ error: expect.stringMatching(/"a--b"/) });
  });
});

describe('live rooms', () => {
  it('describes who is in a room, or says the count is unknown', () => {
    expect(describePeople({ participants: 3, capacity: 300 })).toBe('3 of 300');
    expect(describePeople({ participants: 0, capacity: null })).toBe('0');
    expect(describePeople({ participants: null, capacity: 300 })).toBe('unknown');
  });
});
