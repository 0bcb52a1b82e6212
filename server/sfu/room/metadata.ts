import type { SfuLimits } from '../limits.ts';

/**
 * Merges attribute updates LiveKit's way: listed keys are set, an empty value deletes the key,
 * unlisted keys stay. Returns undefined when the result would exceed the limits.
 */
export function applyAttributes(
  current: Record<string, string>,
  updates: Record<string, string>,
  limits: SfuLimits,
): Record<string, string> | undefined {
  const next = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  const keys = Object.keys(next);
  if (keys.length > limits.maxAttributes) return undefined;
  let bytes = 0;
  for (const k of keys) bytes += k.length + (next[k]?.length ?? 0);
  return bytes > limits.maxAttributesBytes ? undefined : next;
}
