/** Topics on which the twin never answers, even from approved text: it escalates to humans. */
export const SENSITIVE_TOPIC_IDS = [
  'layoffs-restructuring',
  'individual-pay-performance',
  'mergers-acquisitions',
  'unreleased-financials',
  'legal-litigation',
  'health-medical',
  'politics-elections',
] as const;

export type SensitiveTopicId = (typeof SENSITIVE_TOPIC_IDS)[number];

export function isSensitiveTopicId(value: string): value is SensitiveTopicId {
  return (SENSITIVE_TOPIC_IDS as readonly string[]).includes(value);
}
