import { analyze } from './analyze.ts';

// What kind of expression a question asks for, when that is clear from its opening words. A passage
// that has no expression of that kind cannot answer it ("When …?" needs a time; "How many …?" a number).

export type AnswerType = 'time' | 'quantity' | 'reason' | 'place';

// "May" only as a capitalised word (see MAY_RE): in lower case it is the modal verb.
const MONTHS =
  'january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const TIME_RE = new RegExp(
  String.raw`\d|\b(?:${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|tonight|weeks?|weekly|months?|monthly|years?|yearly|annually|quarters?|q[1-4]|fy\d*|spring|summer|autumn|fall|winter|century|centuries|decades?|era|morning|afternoon|evening|night|noon|midnight|hours?|soon|ago|recently|currently|nowadays|after|before|until|since|during|deadline|anniversary|semester|christmas|easter)\b`,
  'i',
);
const QUANTITY_RE =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|double|twice|triple|percent|several|handful|majority|minority|numerous|unlimited|weeks?|months?|years?|days?|hours?|minutes?|once|daily|weekly|fortnightly|monthly|quarterly|yearly|annually|hourly)\b|\bevery\s+(?:other\s+|second\s+)?(?:day|week|fortnight|month|quarter|year|hour|minute|morning|evening|night)s?\b/i;

// "Why …?" needs a passage that gives a reason or a purpose.
const REASON_RE =
  /\b(?:because|since|due to|owing to|as a result|result(?:ed|s)? (?:of|from|in)|reasons?|so that|in order to|caus\w*|led to|leads? to|thanks to|therefore|thus|hence|given that|motivat\w*|aim\w*|goals?|purpose|in response to|why|so (?:we|that|they|you|it|people)|to (?:make|help|keep|ensure|give|support|avoid|protect|reduce|improve|allow|enable|escape|prevent|increase|build|create|attract|retain|focus|stay|get|gain|become|find|meet|save|spend|invest|grow|serve|let))\b/i;

// "Where …?" needs a place: a name (capitalised inside the sentence) or a word for a place.
const PLACE_WORD_RE =
  /\b(?:office|offices|site|sites|city|cities|country|countries|region|regions|building|floor|room|rooms|campus|headquarters|hq|online|intranet|portal|page|channel|app|website|site|home|abroad|remote|remotely|location|locations|area|areas|street|district|town|village|state|province|continent|island|river|lake|sea|coast|border|north|south|east|west|northern|southern|eastern|western|near|inside|outside|across|between|along|within|above|below|via)\b/i;

function hasPlace(text: string): boolean {
  if (PLACE_WORD_RE.test(text)) return true;
  // A place name: a capitalised word after a locative preposition ("in Kraków", "at the Rotterdam office").
  return /\b(?:in|at|from|to|near|across|around|outside|inside|within|throughout|into)\s+(?:the\s+)?\p{Lu}/u.test(
    text,
  );
}

/** The answer type a question asks for, or undefined when any passage kind could answer it. */
export function expectedAnswerType(question: string): AnswerType | undefined {
  const q = question.trim().toLowerCase();
  if (
    /^(?:and |so |but )?(?:(?:in|by|during|since|until|from|at) )?(?:when|what (?:year|month|day|date|time|century|decade|period|era)|which (?:years?|months?|days?|dates?|weeks?|century|centuries|decades?|quarters?|period|era)|how long ago|since when|until when|by when)\b/.test(
      q,
    )
  ) {
    return 'time';
  }
  if (
    /^(?:and |so |but )?(?:how (?:many|much|long|often|big|large|far|old|high|tall|fast)|what (?:percentage|percent|proportion|share|fraction|number|amount))\b/.test(
      q,
    )
  ) {
    return 'quantity';
  }
  if (
    /^(?:and |so |but )?(?:where|from where|to where|in what (?:place|city|country|region|office))\b/.test(q)
  )
    return 'place';
  if (
    /^(?:and |so |but )?(?:why|how come|for what (?:reason|purpose)|what (?:is|was|were|are) the (?:reason|purpose|motivation|cause))\b/.test(
      q,
    )
  )
    return 'reason';
  return undefined;
}

const MAY_RE = /\bMay\b/;

/** True when the text contains an expression of the given kind. */
export function hasAnswerOfType(text: string, type: AnswerType): boolean {
  if (type === 'time') return TIME_RE.test(text) || MAY_RE.test(text);
  if (type === 'place') return hasPlace(text);
  return type === 'quantity' ? QUANTITY_RE.test(text) : REASON_RE.test(text);
}

// The precise form of each kind: a date, a weekday or a month rather than "soon" or "weekly"; a
// figure rather than "several"; a named place rather than "the office".
const PRECISE_TIME_RE = new RegExp(
  String.raw`\d|\b(?:${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|q[1-4]|(?:first|second|third|fourth|last) (?:quarter|half))\b`,
  'i',
);
const PRECISE_QUANTITY_RE =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|double|twice|triple|dozen)\b/i;
const PLACE_NAME_RE =
  /\b(?:in|at|from|to|near|across|around|outside|inside|within|throughout|into)\s+(?:the\s+)?\p{Lu}/u;

/**
 * How precisely the text answers: 1 for a precise expression of the kind (a date or weekday, a
 * figure, a named place, a stated reason), 0.5 for a vague one, 0 for none. Ranks passages that
 * pass the check: "Which days are anchor days?" prefers "Tuesday and Wednesday" to "a week".
 */
export function answerPrecision(text: string, type: AnswerType): number {
  if (!hasAnswerOfType(text, type)) return 0;
  if (type === 'time') return PRECISE_TIME_RE.test(text) || MAY_RE.test(text) ? 1 : 0.5;
  if (type === 'quantity') return PRECISE_QUANTITY_RE.test(text) ? 1 : 0.5;
  if (type === 'place') return PLACE_NAME_RE.test(text) ? 1 : 0.5;
  return 1;
}

/** The word a "how many …" question counts ("How many customers do we have?" → "customers"). */
export function countedWord(question: string): string | undefined {
  return /\bhow many\s+(?:more\s+|different\s+|new\s+)?([\p{L}-]+)/iu.exec(question)?.[1]?.toLowerCase();
}

/**
 * True when a figure stands within three words before the counted word ("serves more than 2,300
 * customers", "has five employee resource groups"): the sentence counts that thing, not another.
 */
export function countsWord(text: string, counted: string): boolean {
  const target = analyze(counted).find((t) => t.kind === 'content')?.term;
  if (target === undefined) return false;
  const tokens = analyze(text).filter((t) => t.kind !== 'stop');
  return tokens.some(
    (t, i) => t.term === target && tokens.slice(Math.max(0, i - 3), i).some((b) => b.kind === 'number'),
  );
}
