import { describe, expect, it } from 'vitest';
import { inviteUrl } from './invite-service.ts';
import { createInviteSchema, createRoomSchema, roomIdSchema, updateRoomSchema } from './room-rules.ts';

describe('room rules', () => {
  it('accept plain room ids only', () => {
    for (const id of ['town-hall', 'a', 'q3-2026', 'x'.repeat(63)])
      expect(roomIdSchema.safeParse(id).success, id).toBe(true);
    for (const id of ['', '-lead', 'Town', 'a b', 'x'.repeat(64), 'room/..', 'ä']) {
      expect(roomIdSchema.safeParse(id).success, id).toBe(false);
    }
  });

  it('trim titles and reject unknown fields', () => {
    expect(createRoomSchema.parse({ title: ' Q3 ', kind: 'meeting' })).toEqual({
      title: 'Q3',
      kind: 'meeting',
    });
    expect(createRoomSchema.safeParse({ title: 'x', kind: 'meeting', admin: true }).success).toBe(false);
    expect(createRoomSchema.safeParse({ title: 'a\u0007', kind: 'meeting' }).success).toBe(false);
  });

  it('require a change in a patch', () => {
    expect(updateRoomSchema.safeParse({}).success).toBe(false);
    expect(updateRoomSchema.parse({ openJoin: false })).toEqual({ openJoin: false });
  });

  it('bound invite lifetimes', () => {
    expect(createInviteSchema.safeParse({ role: 'host', ttlS: 59 }).success).toBe(false);
    expect(createInviteSchema.safeParse({ role: 'host', ttlS: 366 * 86400 }).success).toBe(true);
    expect(createInviteSchema.safeParse({ role: 'host', ttlS: 367 * 86400 }).success).toBe(false);
    expect(createInviteSchema.safeParse({ role: 'owner' }).success).toBe(false);
  });

  it('build invite links on the lobby with escaped parameters', () => {
    expect(inviteUrl('https://p.example.com/', 'town-hall', 'ab.c_d-')).toBe(
      'https://p.example.com/?room=town-hall&invite=ab.c_d-',
    );
  });
});
