// Manipulation of the twin itself, asked as a question: override attempts, role-play, fake system
// messages, "repeat after me"/"say that …", output-format tricks, and requests to produce new content.
// The twin only relays approved statements, so every one of these is declined with a fixed refusal
// that never quotes the payload.

export type InjectionRule =
  'override' | 'role-play' | 'fake-system' | 'repeat' | 'output-format' | 'task-request';

interface Rule {
  rule: InjectionRule;
  re: RegExp;
}

// A request verb at the start of the text or of a sentence, optionally after a politeness frame.
const REQUEST_LEAD =
  String.raw`(?:^|[.!?:;]\s+|\n\s*)(?:(?:ok(?:ay)?|now|so|hey|hi|hello)[,!]?\s+)?(?:(?:please|kindly|just|now|then)\s+)?` +
  String.raw`(?:(?:can|could|would|will|won't) you\s+(?:please\s+)?|(?:i want|i need|i'd like|i would like) you to\s+|` +
  String.raw`(?:help me|go ahead and|you (?:must|should|will|have to))\s+)?`;

const OUTPUT = String.raw`(?:answers?|responses?|repl(?:y|ies)|outputs?|messages?|text)`;

const RULES: readonly Rule[] = [
  // --- override: "ignore previous instructions", "from now on", "developer mode" ---
  {
    rule: 'override',
    re: /\b(?:ignore|disregard|forget|override|bypass|overwrite)\b[^.?!\n]{0,60}\b(?:instructions?|prompts?|directions|directives|programming|guardrails|filters|everything|above|previous|prior|approved (?:statements?|material|sources?|text)|sources|corpus|script|(?:your|all|any|previous|prior|earlier|original|these|those) (?:rules|guidelines|constraints|restrictions))\b/i,
  },
  {
    rule: 'override',
    re: /\b(?:from now on|starting now|new instructions?|updated instructions?|nevermind|never mind)\b|\bstop everything\b|\bnew (?:approved |official )?(?:statements?|instructions?|rules?|directives?|policy)\s*:/i,
  },
  {
    // Licence to invent: "you are allowed to make up answers", "just guess", "speak from the heart".
    rule: 'override',
    re: /\b(?:make up|invent|fabricate|guess|speculate|improvise)\b[^.?!\n]{0,20}\b(?:answers?|statements?|facts?|quotes?|something|anything)\b|\bjust guess\b|\b(?:you are|you're) (?:now )?(?:allowed|permitted|authori[sz]ed) to\b|\b(?:speak|talk|answer) (?:from the heart|off (?:the record|script))\b/i,
  },
  {
    rule: 'override',
    re: /\b(?:jailbr(?:eak|oken)\w*|developer mode|dan mode|do anything now|god mode|unfiltered|uncensored|no (?:filters?|censorship|morals|ethics)|(?:with|without|have|has|having) no (?:restrictions|limitations|limits|rules|guidelines))\b/i,
  },
  {
    rule: 'override',
    re: /\b(?:content|safety|usage) polic(?:y|ies)\b.*\b(?:ignore|break|violate|bypass|lenient)\b/i,
  },
  // --- role-play ---
  {
    rule: 'role-play',
    re: /\b(?:pretend(?:ing)?|role[- ]?play\w*|roleplay\w*|immerse yourself|simulate|impersonat\w+)\b/i,
  },
  {
    rule: 'role-play',
    re: /\b(?:act|acting|behave|respond|answer|speak|talk|reply) (?:as if|as though|like (?:a|an|you)|as (?:a|an|my|your|the|if))\b/i,
  },
  {
    rule: 'role-play',
    re: /\bplay (?:the |a )?(?:role|part|character|game)\b|\b(?:stay|remain|break|staying) (?:in|out of) character\b/i,
  },
  {
    rule: 'role-play',
    re: /\b(?:imagine|suppose|assume|consider) (?:that )?(?:you(?:'re| are| were)|yourself|a (?:hypothetical|fictional|world|scenario|story))\b/i,
  },
  {
    rule: 'role-play',
    re: /\byou(?:'re| are)(?: now| going to be| about to be| to be)? (?:an? |the )?(?:\w+ ){0,3}?(?:assistant|ai|bot|chatbot|character|writer|author|journalist|consultant|expert|historian|researcher|teacher|novelist|columnist|specialist|persona|language model|hacker|scientist|doctor|lawyer|villain|dan|stan|dude)\b/i,
  },
  {
    rule: 'role-play',
    re: /\bas an? (?:helpful |ai |unfiltered |uncensored )?(?:assistant|language model|ai model|ai)\b/i,
  },
  {
    rule: 'role-play',
    re: /\b(?:fictional|hypothetical|imaginary|parallel|dystopian|alternate) (?:world|universe|scenario|story|character|exercise|case|narrative|future|setting|novel|country)\b|\bpurely (?:for )?(?:fictional|hypothetical|educational|academic|research)\b|\bfor (?:educational|academic|research|fictional) (?:purposes|use)\b/i,
  },
  // --- fake system / prompt extraction ---
  { rule: 'fake-system', re: /(?:^|\n)\s*(?:system|assistant|developer|admin|root|user)\s*[:>\]]/i },
  {
    rule: 'fake-system',
    re: /\[\s*\/?(?:system|inst|admin|sys|developer|override|root)\b[^\]\n]{0,30}\]|<\|?\/?(?:im_start|im_end|system|endoftext|user|assistant)\|?>|#{2,}\s*(?:instruction|system|response)/i,
  },
  {
    rule: 'fake-system',
    re: /\b(?:system|initial|original|hidden|secret|developer) (?:prompt|instructions?|message)s?\b|\b(?:reveal|show|print|repeat|output|leak|dump) (?:me )?(?:your|the) (?:prompt|instructions|configuration|rules|guidelines)\b/i,
  },
  // --- repeat / put words in the leader's mouth ---
  {
    rule: 'repeat',
    re: /\brepeat (?:after me|this|that|the following|exactly|verbatim|back|these words|every|it)\b|\bverbatim\b/i,
  },
  {
    // Putting words in the leader's mouth: "complete this sentence in Marisol's voice".
    rule: 'repeat',
    re: /\b(?:complete|finish|continue|fill in) (?:this|the|my|following|these) (?:sentence|phrase|statement|text|story|quote|blank)s?\b|\bin (?:\w+'s|her|his|your) (?:voice|words|style|name)\b/i,
  },
  {
    rule: 'repeat',
    re: new RegExp(
      REQUEST_LEAD +
        String.raw`(?:say|state|declare|announce|admit|proclaim|type|print|output|echo|shout|tell (?:us|me|everyone|them|the (?:team|company|room|audience)|people|employees|staff))\b(?:[^.?!\n]{0,20})?(?:\bthat\b|["'“‘:]|\bthe (?:words?|phrase|sentence|following)\b|\b(?:yes|no)\b)`,
      'i',
    ),
  },
  {
    rule: 'repeat',
    re: new RegExp(
      String.raw`\b(?:start|begin|end|finish|prefix|open|close) (?:your |the |each |every )?${OUTPUT}\b[^.?!\n]{0,20}\bwith\b|\b(?:respond|reply|answer) (?:only |just )?with\b`,
      'i',
    ),
  },
  // --- output-format tricks aimed at the reply ---
  {
    rule: 'output-format',
    re: new RegExp(String.raw`\b(?:in|into|to|from|within|throughout|of|for) your ${OUTPUT}\b`, 'i'),
  },
  {
    rule: 'output-format',
    re: new RegExp(
      String.raw`\byour ${OUTPUT}(?:'s)? (?:words|letters|characters|order|keywords|text)\b`,
      'i',
    ),
  },
  {
    rule: 'output-format',
    re: new RegExp(
      String.raw`\b(?:modify|enhance|augment|alter|change|adjust|edit|rewrite|render|format|provide|reverse|invert|deliver|present|write|end|start|conclude|encode|translate|convert|structure) your ${OUTPUT}\b|\b(?:replace|substitute|swap|shift) (?:every|each|all|the|any) (?:\w+ )?(?:letters?|vowels?|consonants?|words?|characters?)\b`,
      'i',
    ),
  },
  {
    rule: 'output-format',
    re: /\b(?:encode|encrypt|decrypt|decode|cipher|caesar|rot13|base ?(?:16|32|58|64)|anagram\w*|leetspeak|leet speak|pig latin|morse code|emojis?)\b/i,
  },
  {
    rule: 'output-format',
    re: new RegExp(
      String.raw`\b(?:reply|respond|answer|write|express|render) (?:only |entirely |just )?(?:in|using|with|without) (?:base|emoji|numbers|symbols|reverse|spaces|all caps|capital|json|code|a poem|rhyme|french|spanish|german|russian|japanese|chinese)`,
      'i',
    ),
  },
  // --- requests to produce new content (the twin only relays approved statements) ---
  {
    rule: 'task-request',
    re: new RegExp(
      REQUEST_LEAD +
        String.raw`(?:write|draft|compose|generate|translate|rewrite|paraphrase|make up|fabricate|script)\b`,
      'i',
    ),
  },
  {
    // A bare imperative opening the question ("Create a campaign …", "Develop a strategy …").
    rule: 'task-request',
    re: /^\s*(?:please\s+)?(?:create|produce|craft|design|develop|code|program|invent|outline|brainstorm|formulate|devise|compose|draft|write|generate|provide|recommend|suggest|analy[sz]e|determine|classify|encourage|convince|persuade)\s+(?:a|an|the|me|some|my|\d+|two|three|five|ten|malware|ways?|steps?|instructions|examples?)\b/i,
  },
  {
    rule: 'task-request',
    re: /\bstep[- ]by[- ]step\b|\b(?:give|provide|list|offer|share|send)\b[^.?!\n]{0,30}\b(?:instructions|tutorial|guide|recipe|poem|story|essay|joke|script|code|function|letter|email|speech|article|blog post|lyrics|tweet|outline)\b/i,
  },
];

export interface InjectionFinding {
  rule: InjectionRule;
}

/** The first manipulation pattern found in a question, or undefined when it reads as a question. */
export function detectInjection(question: string): InjectionFinding | undefined {
  const text = question.normalize('NFKC');
  for (const { rule, re } of RULES) if (re.test(text)) return { rule };
  return undefined;
}
