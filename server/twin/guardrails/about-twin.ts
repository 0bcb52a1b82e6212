// Questions about the twin itself ("are you real?", "who made you?"). The twin answers these only
// with the persona's disclosure line, never from the corpus and never as the human leader.

const PATTERNS: readonly RegExp[] = [
  /\b(?:are|r) (?:you|u) (?:really |actually |truly |even |just )?(?:an? )?(?:real|human|person|people|robot|bot|ai|artificial|machine|computer|program|deepfake|recording|recorded|avatar|twin|clone|copy|alive|sentient|conscious|live|fake|hologram|digital|virtual|video|simulation)\b/i,
  /\b(?:who|what) (?:are|r) (?:you|u)(?:\s+(?:really|exactly|actually))?\s*(?:[?.!,]|$)/i,
  /\b(?:who|what|which company) (?:made|built|created|programmed|trained|designed|controls|runs|operates|powers|wrote) (?:you|this (?:twin|avatar|bot|ai))\b/i,
  /\bhow do you (?:work|decide|choose|know what to say|get your answers)\b/i,
  /\b(?:am i|are we) (?:talking|speaking|chatting) (?:to|with)\b|\bwho am i (?:talking|speaking) (?:to|with)\b/i,
  /\bis (?:this|that|it) (?:really |actually )?(?:a |an |the )?(?:real|human|person|ai|bot|robot|deepfake|recording|avatar|twin|live person|clone|fake)\b/i,
  /\bwhat can (?:you|i ask you) (?:do|answer|tell (?:me|us) about|talk about|help (?:me|us) with)(?: for (?:me|us))?\s*(?:[?.!]|$)|\bwhat (?:topics|questions) can you\b/i,
  // What the twin is able to say (not "what can you say about <topic>", which asks for a position).
  /\bwhat (?:can|could|would|will) you say\b(?!\s+(?:about|on|regarding)\b)/i,
  /\bdo you (?:have|feel) (?:feelings|emotions|a body|consciousness|a soul|opinions of your own)\b/i,
  /\b(?:your|the twin'?s?) (?:sources|source material|corpus|knowledge base|training data)\b/i,
  // The twin's own life: it has none to report ("what are you doing next?", "how old are you?").
  /\bwhat are you (?:doing|up to|wearing|eating|reading|watching|thinking about right now)\b|\bhow old are you\b|\bwhere (?:are|do) you (?:live|from|right now)\b|\bhow do you know\b|\byour (?:family|age|hobbies|childhood|favou?rite|birthday|pets?|home address)\b|\bdo you (?:dream|sleep|eat|breathe|get tired|remember)\b|\bhow are you (?:feeling|doing)?\s*\??$/i,
];

/** True when the question asks what the twin is, who made it, or whether it is the real person. */
export function isAboutTwin(question: string, personaName: string): boolean {
  if (PATTERNS.some((re) => re.test(question))) return true;
  // "Are you really Dana?" / "Is this actually Dana Reyes?"
  const names = personaName
    .split(/\s+/)
    .filter((n) => n.length > 1)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (names.length === 0) return false;
  const name = `(?:${names.join('|')})`;
  return new RegExp(
    `\\b(?:are you|is this|is that|am i (?:talking|speaking) (?:to|with)) (?:really |actually |the real |truly )*${name}\\b`,
    'i',
  ).test(question);
}
