import { z } from 'zod';
import { SENSITIVE_TOPIC_IDS } from '../guardrails/topics.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = (what = 'a non-empty string') =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, { error: `must be ${what}` });
const person = z.object({ name: text(), role: text() }, { error: 'must be an object { "name", "role" }' });
const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time (e.g. 2026-03-01T09:00:00Z)',
});

export const personaJsonSchema = z.object(
  {
    id: z
      .string({ error: 'must be a string' })
      .regex(KEBAB, { error: 'must be kebab-case (e.g. "dana-reyes")' }),
    name: text(),
    title: text(),
    organization: text().optional(),
    greeting: text().optional(),
    deferral: text().optional(),
    escalation: text().optional(),
    disclosure: text().optional(),
    sensitiveTopics: z
      .array(z.enum(SENSITIVE_TOPIC_IDS, { error: `must be one of ${SENSITIVE_TOPIC_IDS.join(', ')}` }), {
        error: 'must be an array of topic ids',
      })
      .optional(),
    voice: z
      .object(
        {
          provider: text(),
          voice: text(),
          rate: z
            .number({ error: 'must be a number' })
            .min(0.25, { error: 'must be between 0.25 and 4' })
            .max(4, { error: 'must be between 0.25 and 4' })
            .optional(),
        },
        { error: 'must be an object { "provider", "voice", "rate"? }' },
      )
      .optional(),
    avatar: z.object({ model: text() }, { error: 'must be an object { "model" }' }).optional(),
  },
  { error: 'must be a JSON object' },
);

export const PERSONA_KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(personaJsonSchema.shape));

export const frontMatterSchema = z.object(
  {
    title: text(),
    date: z.iso.date({ error: 'must be an ISO date (yyyy-mm-dd)' }),
    source: text('a non-empty string (URL or reference)'),
    approved_by: text('a non-empty string (person or team)'),
    topics: z.array(text(), { error: 'must be a list of strings' }).optional(),
    version: z
      .number({ error: 'must be a positive integer' })
      .int({ error: 'must be a positive integer' })
      .positive({ error: 'must be a positive integer' })
      .optional(),
  },
  { error: 'must be a YAML mapping' },
);

export const FRONT_MATTER_KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape));

export const consentSchema = z
  .object(
    {
      subject: z
        .string({ error: 'must be a string' })
        .regex(KEBAB, { error: 'must be the persona id (kebab-case)' }),
      grantedBy: person,
      delegates: z.array(person, { error: 'must be an array of { "name", "role" }' }).default([]),
      signedAt: isoDateTime,
      validFrom: isoDateTime,
      validUntil: isoDateTime.nullable(),
      scope: z.object(
        {
          rooms: z
            .array(text(), { error: 'must be an array of room ids or ["*"]' })
            .min(1, { error: 'must list at least one room or "*"' }),
          topics: z
            .array(text(), { error: 'must be an array of topics or ["*"]' })
            .min(1, { error: 'must list at least one topic or "*"' }),
          modalities: z
            .array(
              z.enum(['statements', 'voice', 'likeness'], {
                error: 'must be "statements", "voice" or "likeness"',
              }),
              {
                error: 'must be an array',
              },
            )
            .min(1, { error: 'must list at least one modality' }),
        },
        { error: 'must be an object { "rooms", "topics", "modalities" }' },
      ),
      revokedAt: isoDateTime.nullable(),
    },
    { error: 'must be a JSON object' },
  )
  .refine((c) => c.validUntil === null || Date.parse(c.validUntil) > Date.parse(c.validFrom), {
    error: 'must be later than "validFrom"',
    path: ['validUntil'],
  });
