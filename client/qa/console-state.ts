/**
 * The host/moderator console's pure rules: which questions each queue tab holds, which question
 * is "top approved", what may be merged into what, and which actions a question offers to a role.
 * Framework-free (unit-tested in Node); the server enforces all of it anyway.
 */
import { QUESTION_STATES, type QuestionState } from '../../common/qa.ts';
import type { PanelQuestion, QaPermissions } from './qa-state.ts';

export type ConsoleTab = QuestionState;
export const CONSOLE_TABS: readonly ConsoleTab[] = QUESTION_STATES;

export const TAB_LABELS: Record<ConsoleTab, string> = {
  pending: 'Pending',
  approved: 'Approved',
  live: 'Live',
  answered: 'Answered',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
};

export type ConsoleAction = 'approve' | 'pick' | 'edit' | 'merge' | 'star' | 'escalate' | 'dismiss';

export const CONSOLE_ACTION_LABELS: Record<ConsoleAction, string> = {
  approve: 'Approve',
  pick: 'Pick as next',
  edit: 'Edit…',
  merge: 'Merge into…',
  star: 'Star',
  escalate: 'Escalate…',
  dismiss: 'Dismiss…',
};

const OPEN: readonly QuestionState[] = ['pending', 'approved', 'live', 'escalated'];
const FROM: Record<ConsoleAction, readonly QuestionState[]> = {
  approve: ['pending', 'escalated'],
  pick: ['approved', 'escalated'],
  edit: OPEN,
  merge: ['pending', 'approved', 'escalated'],
  star: OPEN,
  escalate: ['pending', 'approved', 'live'],
  dismiss: OPEN,
};

/** The actions the console offers on a question, in display order. */
export function consoleActions(q: Pick<PanelQuestion, 'state'>, perms: QaPermissions): ConsoleAction[] {
  if (!perms.moderate) return [];
  const order: ConsoleAction[] = ['approve', 'pick', 'edit', 'merge', 'star', 'escalate', 'dismiss'];
  return order.filter((a) => FROM[a].includes(q.state) && (a !== 'pick' || perms.host));
}

/** The questions in one tab: top (votes, then oldest) for open ones, newest first for closed ones. */
export function tabQuestions(all: readonly PanelQuestion[], tab: ConsoleTab): PanelQuestion[] {
  const inTab = all.filter((q) => q.state === tab);
  if (tab === 'answered' || tab === 'dismissed') {
    return inTab.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }
  return inTab.sort(
    (a, b) =>
      Number(b.starred) - Number(a.starred) ||
      b.votes - a.votes ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}

export function tabCounts(all: readonly PanelQuestion[]): Record<ConsoleTab, number> {
  const counts = Object.fromEntries(CONSOLE_TABS.map((t) => [t, 0])) as Record<ConsoleTab, number>;
  for (const q of all) counts[q.state] += 1;
  return counts;
}

/** "Top approved": the approved question with the most votes (oldest first on a tie); null when none. */
export function topApproved(all: readonly PanelQuestion[]): PanelQuestion | null {
  return (
    all
      .filter((q) => q.state === 'approved')
      .sort(
        (a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      )[0] ?? null
  );
}

/**
 * The question the host is about to send: the one they picked while it can still go live,
 * otherwise the top approved one.
 */
export function nextQuestion(all: readonly PanelQuestion[], pickedId: string | null): PanelQuestion | null {
  const picked = pickedId ? all.find((q) => q.id === pickedId) : undefined;
  if (picked && (picked.state === 'approved' || picked.state === 'escalated')) return picked;
  return topApproved(all);
}

export function liveQuestion(all: readonly PanelQuestion[]): PanelQuestion | null {
  return all.find((q) => q.state === 'live') ?? null;
}

/** Questions a duplicate may be merged into: any other question that is still open or answered. */
export function mergeTargets(all: readonly PanelQuestion[], duplicateId: string): PanelQuestion[] {
  return all
    .filter((q) => q.id !== duplicateId && q.state !== 'dismissed')
    .sort((a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
}
