import { z } from 'zod';
import type { RoutingTable } from '../../../common/governance.ts';
import { SENSITIVE_TOPIC_IDS } from '../../twin/index.ts';

/**
 * Default owners of unanswered questions. Sensitive topics (the twin escalates them) go to
 * Communications; benefits and time off to the People team; security to the Security team;
 * everything else to the Chief of Staff office. Replace it with PUT /api/governance/followups/routing.
 */
export const DEFAULT_ROUTING: RoutingTable = {
  teams: {
    people: 'People team',
    security: 'Security team',
    communications: 'Communications',
    'chief-of-staff': 'Chief of Staff office',
  },
  rules: [
    { team: 'communications', topics: [...SENSITIVE_TOPIC_IDS], keywords: [] },
    {
      team: 'people',
      topics: [
        'benefits',
        'pto',
        'leave',
        'parental-leave',
        'wellbeing',
        'learning',
        'onboarding',
        'hiring',
        'promotions',
      ],
      keywords: [
        'benefits',
        'benefit',
        'pto',
        'vacation',
        'time off',
        'leave',
        'parental',
        'holiday',
        'holidays',
        'insurance',
        'pension',
        'wellbeing',
        'learning budget',
        'promotion',
        'promotions',
      ],
    },
    {
      team: 'security',
      topics: ['security', 'privacy', 'data-protection', 'incident-response'],
      keywords: ['security', 'phishing', 'password', 'passwords', 'breach', 'vpn', 'privacy', 'malware'],
    },
  ],
  defaultTeam: 'chief-of-staff',
  dueBusinessDays: 5,
};

const teamId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a kebab-case team id' });
const term = z.string().trim().toLowerCase().min(1, { error: 'must not be empty' }).max(100);

/** PUT /api/governance/followups/routing — every team a rule names must be listed in `teams`. */
export const routingTableSchema = z
  .strictObject({
    teams: z.record(teamId, z.string().trim().min(1).max(100)),
    rules: z
      .array(
        z.strictObject({ team: teamId, topics: z.array(term).max(200), keywords: z.array(term).max(500) }),
      )
      .max(100),
    defaultTeam: teamId,
    dueBusinessDays: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1' })
      .max(60, { error: 'must be at most 60' }),
  })
  .superRefine((t, ctx) => {
    if (!(t.defaultTeam in t.teams))
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `"${t.defaultTeam}" is not in teams` });
    t.rules.forEach((r, i) => {
      if (!(r.team in t.teams))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'team'], message: `"${r.team}" is not in teams` });
    });
  });

export interface RouteDecision {
  team: string;
  by: 'topic' | 'keyword' | 'default';
  matched: string | null;
}

const words = (text: string) =>
  ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/**
 * The team that owns a question: the first rule listing its topic; else the first rule with a
 * keyword found as whole words in the question; else the default team.
 */
export function routeQuestion(
  table: RoutingTable,
  input: { topic: string | null; question: string },
): RouteDecision {
  const topic = input.topic?.toLowerCase().replace(/^sensitive:/, '') ?? null;
  if (topic) {
    for (const rule of table.rules) {
      if (rule.topics.some((t) => t.toLowerCase() === topic))
        return { team: rule.team, by: 'topic', matched: topic };
    }
  }
  const text = words(input.question);
  for (const rule of table.rules) {
    for (const k of rule.keywords) {
      if (text.includes(words(k))) return { team: rule.team, by: 'keyword', matched: k };
    }
  }
  return { team: table.defaultTeam, by: 'default', matched: null };
}

/** `from` plus n business days (Monday to Friday, UTC), keeping the time of day. */
export function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}
