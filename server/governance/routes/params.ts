import { z } from 'zod';

export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'is not an id' });
export const roomParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'is not a room id' });
export const indexParam = z
  .string()
  .regex(/^\d{1,10}$/, { error: 'must be a whole number' })
  .transform(Number);
export const optionalIndex = indexParam.optional();
export const optionalIso = z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }).optional();
export const limitParam = z
  .string()
  .regex(/^\d{1,4}$/, { error: 'must be a whole number' })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 1000, { error: 'must be between 1 and 1000' })
  .optional();
export const reasonBody = z.strictObject({
  reason: z.string().trim().min(1, { error: 'must not be empty' }).max(1_000).optional(),
});
