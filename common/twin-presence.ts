/**
 * How the twin agent presents itself in a LiveKit room: participant attributes set by the agent
 * (through its token and later attribute updates) and read by every client. Framework-free.
 */

/** LiveKit's agent-state convention: 'idle' | 'listening' | 'thinking' | 'speaking'. */
export const TWIN_ATTR_STATE = 'lk.agent.state';
/** Machine-readable AI marker: 'true' on every twin participant. */
export const TWIN_ATTR_AI = 'podium.ai';
/** The persona the twin speaks for (its id, e.g. `marisol-quennell`). */
export const TWIN_ATTR_PERSONA = 'podium.persona';
/** The leader the twin represents, for the disclosure label ("AI twin of …"). */
export const TWIN_ATTR_LEADER = 'podium.leader';
/** The persona's avatar file under /assets/avatars/ (e.g. `rocketbox_female_adult_01_facial.glb`). */
export const TWIN_ATTR_AVATAR = 'podium.avatar';

export const TWIN_STATES = ['idle', 'listening', 'thinking', 'speaking'] as const;
export type TwinState = (typeof TWIN_STATES)[number];

/** The avatar shown when the persona names none (or names one that is not a plain .glb file name). */
export const DEFAULT_TWIN_AVATAR = 'rocketbox_female_adult_01_facial.glb';

const AVATAR_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\.glb$/;
const MAX_NAME_CHARS = 80;

/** The agent state from attributes; unknown or missing values read as 'idle'. */
export function twinStateOf(attributes: Readonly<Record<string, string>>): TwinState {
  const v = attributes[TWIN_ATTR_STATE];
  return (TWIN_STATES as readonly string[]).includes(v ?? '') ? (v as TwinState) : 'idle';
}

/**
 * The avatar file to load: the persona's, when it is a plain file name (no path, no traversal),
 * else the default. The result is safe to append to `/assets/avatars/`.
 */
export function twinAvatarFile(attributes: Readonly<Record<string, string>>): string {
  const v = attributes[TWIN_ATTR_AVATAR];
  return v && AVATAR_FILE.test(v) && !v.includes('..') ? v : DEFAULT_TWIN_AVATAR;
}

const PERSONA_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Where to load the twin's avatar from: a plain file name in `podium.avatar` names a file under
 * /assets/avatars/; otherwise the persona's avatar as the server serves it
 * (`/api/personas/<id>/avatar.glb`: an uploaded avatar, or a redirect to the persona's model);
 * without a valid persona, the default. Never a URL off this origin.
 */
export function twinAvatarUrl(attributes: Readonly<Record<string, string>>): string {
  const file = attributes[TWIN_ATTR_AVATAR];
  if (file && AVATAR_FILE.test(file) && !file.includes('..')) return `/assets/avatars/${file}`;
  const persona = attributes[TWIN_ATTR_PERSONA];
  if (persona && PERSONA_ID.test(persona)) return `/api/personas/${persona}/avatar.glb`;
  return `/assets/avatars/${DEFAULT_TWIN_AVATAR}`;
}

/**
 * The leader's display name for the label: the `podium.leader` attribute, else the participant name
 * without an "AI twin of" prefix, else the persona id; control characters removed, length capped.
 */
export function twinLeaderName(name: string, attributes: Readonly<Record<string, string>>): string {
  const raw =
    attributes[TWIN_ATTR_LEADER] ||
    name.replace(/^\s*AI\s+twin\s+(of\s+)?/i, '') ||
    attributes[TWIN_ATTR_PERSONA] ||
    'the leader';
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  const capped = clean.length > MAX_NAME_CHARS ? `${clean.slice(0, MAX_NAME_CHARS - 1)}…` : clean;
  return capped || 'the leader';
}

/** The disclosure label every client shows on the twin. */
export function twinLabel(leaderName: string): string {
  return `AI twin of ${leaderName}`;
}
