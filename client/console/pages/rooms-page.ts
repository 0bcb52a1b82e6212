import type { LiveRoomDto, LiveRoomsResponse, TwinControlStateDto } from '../../../common/governance.ts';
import { can } from '../access.ts';
import { badge, button, field, formatTime, h, replace } from '../dom.ts';
import { act, poll, type ConsolePage, type PageContext } from '../page.ts';

/** How often the live state is re-read (changes by other people show up within this). */
export const ROOMS_POLL_MS = 2_000;

/** The twin's state in words and a tone, from the effective room state. */
export function describeTwinState(s: TwinControlStateDto): {
  text: string;
  tone: 'ok' | 'warn' | 'danger';
  key: string;
} {
  if (s.killed) return { text: 'Stopped (kill switch)', tone: 'danger', key: 'killed' };
  if (s.paused) return { text: 'Paused', tone: 'warn', key: 'paused' };
  if (s.speaker === 'leader') return { text: 'Handed over to the leader', tone: 'warn', key: 'leader' };
  return { text: 'Twin may answer', tone: 'ok', key: 'live' };
}

/** "12 of 300", "12" without a capacity, or "unknown" when LiveKit could not be asked. */
export function describePeople(room: Pick<LiveRoomDto, 'participants' | 'capacity'>): string {
  if (room.participants === null) return 'unknown';
  return room.capacity === null ? String(room.participants) : `${room.participants} of ${room.capacity}`;
}

/**
 * Live rooms: each room's people and twin state with pause / resume / hand-over, and the global
 * kill switch.
 */
export const roomsPage: ConsolePage = {
  id: 'rooms',
  title: 'Live rooms',
  render(root: HTMLElement, ctx: PageContext) {
    const mayControl = can(ctx.principal, 'control');
    const mayRevive = can(ctx.principal, 'revive');
    const reason = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' } });
    const globalBox = h('section', { className: 'panel', attrs: { 'aria-labelledby': 'kill-title' } });
    const roomsBox = h('div', { className: 'table-wrap' });
    let overview: LiveRoomsResponse | null = null;
    let lastJson = '';

    const why = () => reason.value.trim() || undefined;

    const renderGlobal = () => {
      if (!overview) return;
      const g = overview.global;
      const killBtn = button(
        'Kill switch: stop the twin everywhere',
        () => {
          void act(ctx, killBtn, () => ctx.api.kill(why())).then((r) => r && changed('Kill switch engaged.'));
        },
        { className: 'danger', attrs: { id: 'kill-switch' } },
      );
      const reviveBtn = button(
        'Revive the twin',
        () => {
          void act(ctx, reviveBtn, () => ctx.api.revive(why())).then((r) => r && changed('Twin revived.'));
        },
        { className: 'primary', attrs: { id: 'revive' } },
      );
      replace(
        globalBox,
        h('h2', { id: 'kill-title' }, 'Kill switch'),
        h(
          'p',
          { id: 'global-state', attrs: { 'data-killed': String(g.killed) } },
          g.killed ? badge('Twin stopped in every room', 'danger') : badge('Twin not stopped', 'ok'),
          ' ',
          h('span', { className: 'hint' }, `changed ${formatTime(g.updatedAt)} by ${g.updatedBy}`),
          g.reason ? h('span', { className: 'hint' }, ` · ${g.reason}`) : null,
        ),
        mayControl && !g.killed ? killBtn : null,
        mayRevive && g.killed ? reviveBtn : null,
        g.killed && mayControl && !mayRevive
          ? h('p', { className: 'hint' }, 'Only comms or the admin can revive the twin.')
          : null,
      );
    };

    const roomActions = (s: TwinControlStateDto) => {
      if (!mayControl) return null;
      const pauseBtn = s.paused
        ? button(
            'Resume',
            () => {
              void act(ctx, pauseBtn, () => ctx.api.resume(s.roomId, why())).then(
                (r) => r && changed(`Resumed ${s.roomId}.`),
              );
            },
            { attrs: { 'data-action': 'resume', 'aria-label': `Resume the twin in ${s.roomId}` } },
          )
        : button(
            'Pause',
            () => {
              void act(ctx, pauseBtn, () => ctx.api.pause(s.roomId, why())).then(
                (r) => r && changed(`Paused ${s.roomId}.`),
              );
            },
            { attrs: { 'data-action': 'pause', 'aria-label': `Pause the twin in ${s.roomId}` } },
          );
      const to = s.speaker === 'twin' ? 'leader' : 'twin';
      const handBtn = button(
        to === 'leader' ? 'Hand over to the leader' : 'Give the floor back to the twin',
        () => {
          void act(ctx, handBtn, () => ctx.api.handOver(s.roomId, to, why())).then(
            (r) =>
              r &&
              changed(
                to === 'leader'
                  ? `${s.roomId}: the leader has the floor.`
                  : `${s.roomId}: the twin has the floor.`,
              ),
          );
        },
        {
          attrs: {
            'data-action': 'handover',
            'aria-label': `${to === 'leader' ? 'Hand over to the leader' : 'Give the floor back to the twin'} in ${s.roomId}`,
          },
        },
      );
      return h('div', { className: 'actions' }, pauseBtn, handBtn);
    };

    const renderRooms = () => {
      if (!overview) return;
      if (overview.rooms.length === 0) {
        replace(roomsBox, h('p', { className: 'hint' }, 'No rooms yet.'));
        return;
      }
      const rows = overview.rooms.map((room) => {
        const s = room.control;
        const st = describeTwinState(s);
        return h(
          'tr',
          { attrs: { 'data-room-id': s.roomId } },
          h(
            'th',
            { attrs: { scope: 'row' } },
            room.title ?? s.roomId,
            h(
              'span',
              { className: 'hint block' },
              room.kind ? `${s.roomId} · ${room.kind}` : `${s.roomId} · no longer in the room list`,
            ),
          ),
          h(
            'td',
            {
              className: 'num',
              attrs: { 'data-people': room.participants ?? 'unknown' },
            },
            describePeople(room),
          ),
          h('td', {}, badge(st.text, st.tone, { 'data-state': st.key })),
          h('td', {}, s.speaker === 'leader' ? 'Leader' : 'Twin'),
          h(
            'td',
            {},
            formatTime(s.updatedAt),
            s.reason ? h('span', { className: 'hint block' }, s.reason) : null,
          ),
          h('td', {}, roomActions(s)),
        );
      });
      replace(
        roomsBox,
        h(
          'table',
          { id: 'rooms-table' },
          h('caption', {}, 'The people and the twin in each room (refreshed every few seconds)'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Room', 'People now', 'Twin', 'Floor', 'Last change', 'Controls'].map((t) =>
                h('th', { attrs: { scope: 'col' } }, t),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
        overview.countsAvailable
          ? null
          : h(
              'p',
              { className: 'hint', attrs: { id: 'people-unknown' } },
              'People counts are unknown: this server has no media server (LiveKit) to ask.',
            ),
      );
    };

    const refresh = async (signal: AbortSignal) => {
      const next = await ctx.api.liveRooms({ signal });
      if (signal.aborted) return;
      // Re-render only on change, so a button is never swapped out from under a pointer or focus.
      const json = JSON.stringify(next);
      if (json === lastJson) return;
      lastJson = json;
      overview = next;
      // Keep focus where it was across re-renders (keyboard users): remember the focused control.
      const active = document.activeElement as HTMLElement | null;
      const row = active?.closest('tr');
      const key = row?.dataset.roomId;
      const position =
        row && active ? [...row.querySelectorAll('button')].indexOf(active as HTMLButtonElement) : -1;
      const wasGlobal = active?.id === 'kill-switch' || active?.id === 'revive';
      renderGlobal();
      renderRooms();
      if (key && position >= 0) {
        const buttons = roomsBox.querySelectorAll<HTMLElement>(
          `tr[data-room-id="${CSS.escape(key)}"] button`,
        );
        buttons[position]?.focus();
      } else if (wasGlobal) globalBox.querySelector<HTMLElement>('button')?.focus();
    };

    const changed = (message: string) => {
      ctx.notify(message);
      void refresh(ctx.signal).catch((err: unknown) => ctx.fail(err));
    };

    replace(
      root,
      h(
        'p',
        { className: 'lede' },
        'Pause the twin in a room, hand the floor to the leader, or stop it everywhere. Changes take effect at once and are logged.',
      ),
      mayControl ? field('Reason (optional, logged with the change)', reason) : null,
      globalBox,
      h('h2', {}, 'Rooms'),
      roomsBox,
    );

    poll(refresh, ROOMS_POLL_MS, ctx.signal, (err) => ctx.fail(err));
  },
};
