import type { PrincipalDto } from '../../common/governance.ts';

// Which console pages and actions a principal may use. This mirrors the server's grants
// (docs/governance.md, "Roles"): hiding what a role may not use keeps the console honest, but the
// server refuses it regardless (403), and the console shows that refusal if it ever gets one.

export const PAGE_IDS = [
  'rooms',
  'consent',
  'approvals',
  'followups',
  'audit',
  'metrics',
  'personas',
  'staff',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

export type Action =
  | 'control' // pause / resume / hand over / kill
  | 'revive'
  | 'consent.write'
  | 'approvals.decide'
  | 'followups.manage' // approve, return, reassign, publish
  | 'followups.draft'
  | 'audit.verify'
  | 'corpus.manage';

const PAGE_GRANTS: Record<PageId, readonly string[]> = {
  rooms: ['comms', 'control', 'auditor'],
  consent: ['comms', 'consent', 'auditor', 'control'],
  approvals: ['comms', 'auditor'],
  followups: ['comms', 'owner', 'auditor'],
  audit: ['comms', 'auditor'],
  metrics: ['comms', 'auditor'],
  personas: ['comms', 'consent', 'auditor', 'control'],
  staff: [], // the admin only (allowed() lets the admin through everything)
};

const ACTION_GRANTS: Record<Action, readonly string[]> = {
  control: ['comms', 'control'],
  revive: ['comms'],
  'consent.write': ['consent'],
  'approvals.decide': ['comms'],
  'followups.manage': ['comms'],
  'followups.draft': ['comms', 'owner'],
  'audit.verify': ['comms', 'auditor'],
  'corpus.manage': ['comms'],
};

/** A principal's grants with `owner:<team>` folded to `owner`. */
function grants(p: PrincipalDto): Set<string> {
  if (p.kind === 'admin') return new Set(['admin']);
  return new Set(p.roles.map((r) => (r.startsWith('owner:') ? 'owner' : r)));
}

function allowed(p: PrincipalDto, needed: readonly string[]): boolean {
  if (p.kind === 'admin') return true;
  const have = grants(p);
  return needed.some((g) => have.has(g));
}

export function canSee(p: PrincipalDto, page: PageId): boolean {
  return allowed(p, PAGE_GRANTS[page]);
}

export function can(p: PrincipalDto, action: Action): boolean {
  return allowed(p, ACTION_GRANTS[action]);
}

/** The pages this principal may use, in navigation order. */
export function pagesFor(p: PrincipalDto): PageId[] {
  return PAGE_IDS.filter((id) => canSee(p, id));
}

/** Teams a staff member owns (`owner:<team>` grants). */
export function ownedTeams(p: PrincipalDto): string[] {
  return p.kind === 'admin' ? [] : p.roles.filter((r) => r.startsWith('owner:')).map((r) => r.slice(6));
}

/** "Admin", or the staff member's grants in words, for the header. */
export function describeRoles(p: PrincipalDto): string {
  if (p.kind === 'admin') return 'admin (every page)';
  return p.roles.map((r) => (r.startsWith('owner:') ? `owner of ${r.slice(6)}` : r)).join(', ');
}

/** The page named by a location hash (`#audit`), or null. */
export function pageFromHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (PAGE_IDS as readonly string[]).includes(id) ? (id as PageId) : null;
}
