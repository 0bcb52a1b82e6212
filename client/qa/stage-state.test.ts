import { describe, expect, it } from 'vitest';
import type { QaEvent, StageEntryDto } from '../../common/qa.ts';
import { StageStore } from './stage-state.ts';

const ROOM = 'town-hall';
const entry = (identity: string, over: Partial<StageEntryDto> = {}): StageEntryDto => ({
  identity,
  name: identity.toUpperCase(),
  handRaised: false,
  handRaisedAt: null,
  onStage: false,
  updatedAt: '2026-03-02T16:00:00.000Z',
  ...over,
});
const changed = (seq: number, e: StageEntryDto, roomId = ROOM): QaEvent => ({
  v: 1,
  roomId,
  seq,
  type: 'stage.changed',
  entry: e,
});
const ids = (s: StageStore) => s.list().map((e) => e.identity);

describe('StageStore', () => {
  it('lists people on stage first, then raised hands oldest first, and leaves out the rest', () => {
    const s = new StageStore(ROOM);
    s.beginLoad();
    s.finishLoad({
      roomId: ROOM,
      seq: 10,
      entries: [
        entry('late', { handRaised: true, handRaisedAt: '2026-03-02T16:05:00.000Z' }),
        entry('early', { handRaised: true, handRaisedAt: '2026-03-02T16:01:00.000Z' }),
        entry('speaker', { onStage: true }),
        entry('idle'),
      ],
    });
    expect(ids(s)).toEqual(['speaker', 'early', 'late']);
  });

  it('applies newer events per person, ignores older ones, other rooms and non-stage events', () => {
    const s = new StageStore(ROOM);
    s.beginLoad();
    s.finishLoad({ roomId: ROOM, seq: 5, entries: [entry('ann', { handRaised: true, handRaisedAt: 'x' })] });
    expect(s.receive(changed(4, entry('ann')))).toBe(false); // in the snapshot already
    expect(s.receive(changed(7, entry('ann', { onStage: true })))).toBe(true);
    expect(s.receive(changed(6, entry('ann')))).toBe(false); // late packet
    expect(s.get('ann')?.onStage).toBe(true);
    expect(s.receive(changed(8, entry('ben', { onStage: true }), 'other-room'))).toBe(false);
    expect(s.receive({ v: 1, roomId: ROOM, seq: 9, type: 'vote.changed', id: 'q', votes: 1 })).toBe(false);
    expect(ids(s)).toEqual(['ann']);
  });

  it('replays events that arrived while a snapshot was loading', () => {
    const s = new StageStore(ROOM);
    s.beginLoad();
    s.receive(changed(12, entry('ann', { onStage: true })));
    s.receive(changed(3, entry('ben', { handRaised: true, handRaisedAt: 'x' })));
    s.finishLoad({ roomId: ROOM, seq: 10, entries: [entry('ben', { handRaised: true, handRaisedAt: 'x' })] });
    expect(s.get('ann')?.onStage).toBe(true);
    expect(ids(s)).toEqual(['ann', 'ben']);
  });

  it('takes our own responses unless an event already brought something newer', () => {
    const s = new StageStore(ROOM);
    s.finishLoad({ roomId: ROOM, seq: 1, entries: [] });
    s.upsertFromResponse(entry('ann', { handRaised: true, handRaisedAt: 'x' }));
    expect(ids(s)).toEqual(['ann']);
    s.receive(changed(3, entry('ann', { onStage: true, updatedAt: '2026-03-02T16:10:00.000Z' })));
    s.upsertFromResponse(
      entry('ann', { handRaised: true, handRaisedAt: 'x', updatedAt: '2026-03-02T16:05:00.000Z' }),
    );
    expect(s.get('ann')?.onStage).toBe(true);
  });
});
