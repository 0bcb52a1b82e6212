import { z } from 'zod';
import { CONSENT_MODALITIES } from '../../../common/governance.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = (max = 200) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });
const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time (e.g. 2026-03-01T09:00:00Z)',
});

export const personaIdSchema = z
  .string({ error: 'must be a string' })
  .regex(KEBAB, { error: 'must be the persona id (kebab-case)' })
  .max(100);

export const personSchema = z.strictObject({ name: text(), role: text() });

export const scopeSchema = z.strictObject({
  rooms: z.array(text(64)).min(1, { error: 'must list at least one room or "*"' }).max(200),
  topics: z.array(text(100)).min(1, { error: 'must list at least one topic or "*"' }).max(200),
  modalities: z
    .array(z.enum(CONSENT_MODALITIES, { error: 'must be "statements", "voice" or "likeness"' }))
    .min(1, { error: 'must list at least one modality' })
    .transform((m) => [...new Set(m)]),
});

const windowRefinement = <T extends { validFrom: string; validUntil: string | null }>(c: T) =>
  c.validUntil === null || Date.parse(c.validUntil) > Date.parse(c.validFrom);

/** POST /api/governance/consent */
export const recordConsentSchema = z
  .strictObject({
    personaId: personaIdSchema,
    grantedBy: personSchema,
    delegates: z.array(personSchema).max(20).default([]),
    signedBy: personSchema.optional(),
    signedAt: isoTime,
    validFrom: isoTime,
    validUntil: isoTime.nullable(),
    scope: scopeSchema,
  })
  .refine(windowRefinement, { error: 'must be later than "validFrom"', path: ['validUntil'] });

export type RecordConsentInput = z.input<typeof recordConsentSchema>;

/** POST /api/governance/consent/:id/revoke */
export const revokeConsentSchema = z.strictObject({
  revokedBy: personSchema,
  reason: text(1_000),
});

/**
 * A persona folder's consent.json (the twin engine's format), imported on first start. Unknown
 * fields are ignored here: the twin engine warns about them when it loads the persona.
 */
export const consentFileSchema = z
  .object({
    subject: personaIdSchema,
    grantedBy: personSchema,
    delegates: z.array(personSchema).default([]),
    signedAt: isoTime,
    validFrom: isoTime,
    validUntil: isoTime.nullable(),
    scope: scopeSchema,
    revokedAt: isoTime.nullable().default(null),
  })
  .refine(windowRefinement, { error: 'must be later than "validFrom"', path: ['validUntil'] });
