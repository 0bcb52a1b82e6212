import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, addBusinessDays, routeQuestion, routingTableSchema } from './routing.ts';

describe('routeQuestion', () => {
  it('routes sensitive topics to Communications whatever the words', () => {
    expect(
      routeQuestion(DEFAULT_ROUTING, {
        topic: 'layoffs-restructuring',
        question: 'Will my PTO survive the layoffs?',
      }),
    ).toEqual({
      team: 'communications',
      by: 'topic',
      matched: 'layoffs-restructuring',
    });
    expect(
      routeQuestion(DEFAULT_ROUTING, { topic: 'sensitive:mergers-acquisitions', question: 'x' }).team,
    ).toBe('communications');
  });

  it('routes by keyword when there is no topic', () => {
    expect(
      routeQuestion(DEFAULT_ROUTING, { topic: null, question: 'How much VACATION do new hires get?' }),
    ).toEqual({
      team: 'people',
      by: 'keyword',
      matched: 'vacation',
    });
    expect(
      routeQuestion(DEFAULT_ROUTING, { topic: null, question: 'Can I take time-off in May?' }).team,
    ).toBe('people');
    expect(
      routeQuestion(DEFAULT_ROUTING, { topic: null, question: 'Is our VPN safe from phishing?' }).team,
    ).toBe('security');
  });

  it('matches whole words only and falls back to the default team', () => {
    // "leave" must not match "leaves", nor "pto" inside "crypto".
    expect(routeQuestion(DEFAULT_ROUTING, { topic: null, question: 'Who leaves the crypto team?' })).toEqual({
      team: 'chief-of-staff',
      by: 'default',
      matched: null,
    });
    expect(routeQuestion(DEFAULT_ROUTING, { topic: 'roadmap', question: 'What ships next?' }).team).toBe(
      'chief-of-staff',
    );
  });

  it('prefers a topic rule over an earlier keyword rule', () => {
    const table = {
      ...DEFAULT_ROUTING,
      rules: [
        { team: 'people', topics: [], keywords: ['security'] },
        { team: 'security', topics: ['security'], keywords: [] },
      ],
    };
    expect(routeQuestion(table, { topic: 'security', question: 'security?' }).team).toBe('security');
  });
});

describe('routingTableSchema', () => {
  it('accepts the defaults and refuses rules naming unknown teams', () => {
    expect(routingTableSchema.safeParse(DEFAULT_ROUTING).success).toBe(true);
    const bad = routingTableSchema.safeParse({ ...DEFAULT_ROUTING, defaultTeam: 'nobody' });
    expect(bad.error?.issues[0]?.message).toBe('"nobody" is not in teams');
    const badRule = routingTableSchema.safeParse({
      ...DEFAULT_ROUTING,
      rules: [{ team: 'legal', topics: ['x'], keywords: [] }],
    });
    expect(badRule.error?.issues[0]?.path).toEqual(['rules', 0, 'team']);
  });
});

describe('addBusinessDays', () => {
  it('skips weekends and keeps the time of day', () => {
    // Friday 2026-03-06 15:00 UTC + 5 business days = Friday 2026-03-13 15:00.
    expect(addBusinessDays(new Date('2026-03-06T15:00:00Z'), 5).toISOString()).toBe(
      '2026-03-13T15:00:00.000Z',
    );
    // Saturday + 1 = Monday.
    expect(addBusinessDays(new Date('2026-03-07T09:00:00Z'), 1).toISOString()).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    // Wednesday + 3 = Monday.
    expect(addBusinessDays(new Date('2026-03-04T09:00:00Z'), 3).toISOString()).toBe(
      '2026-03-09T09:00:00.000Z',
    );
  });
});
