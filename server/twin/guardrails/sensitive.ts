import type { SensitiveTopicId } from './topics.ts';

// Each topic is a set of phrases. Topics that exist only inside an organisation (layoffs, someone's
// pay, deals, unpublished numbers) escalate on the phrase alone. Topics that also exist as general
// knowledge (law, medicine, politics) escalate only when the question is about the organisation or
// a person in it ("our lawsuit", "is Dana ill?", "who are you voting for?"); a general-knowledge
// question on those subjects is simply outside the approved corpus and is declined.

interface TopicRule {
  id: SensitiveTopicId;
  /** Phrases that only make sense inside an organisation: escalate on sight. */
  always: readonly RegExp[];
  /** Phrases that also exist as general knowledge: escalate only when the question is anchored. */
  anchored: readonly RegExp[];
}

const POSSESSOR = String.raw`(?:my|his|her|their|your|our|(?:the |our )?(?:ceo|cfo|coo|cto|founder|boss|manager|executive|exec|vp|director|leader)'?s?|[A-Z][a-z]+'s)`;
const PAY_NOUN = String.raw`(?:salary|salaries|pay|paycheck|compensation|comp|bonus|bonuses|raise|pay rise|pay raise|wage|wages|equity|stock grant|options|performance review|performance rating|rating|review score|performance|evaluation|appraisal|promotion)`;

const RULES: readonly TopicRule[] = [
  {
    id: 'layoffs-restructuring',
    anchored: [],
    always: [
      /\blay(?:ing|s)?[ -]?offs?\b|\blaid[ -]off\b|\brifs?\b|\breduction in force\b/i,
      /\bjob (?:cuts?|losses|security|eliminations?)\b|\b(?:cut|cutting|cuts|eliminat\w+|reduc\w+|slash\w*) (?:\w+ )?(?:jobs|headcount|staff|positions|roles|teams?|workforce)\b/i,
      /\bredundanc(?:y|ies)\b|\bmade redundant\b|\bdownsiz\w*|\brestructur\w*|\breorgani[sz]\w*|\breorgs?\b|\boffshor\w+|\boutsourc\w+/i,
      /\b(?:fire|firing|fired|let go of|letting go of) (?:people|staff|employees|anyone|workers|teams?)\b|\blet(?:ting)? (?:people|staff|employees|anyone|workers|us) go\b/i,
      /\b(?:lose|losing) (?:my|our|their) jobs?\b|\bis (?:my|our) job (?:safe|secure|at risk)\b|\b(?:close|closing|shut(?:ting)? down) (?:the |our |an? )?(?:office|site|plant|division|department|team|location)s?\b/i,
    ],
  },
  {
    id: 'individual-pay-performance',
    anchored: [],
    always: [
      // "my bonus", "Dana's salary" — but "can I discuss my salary" asks about a policy, not an amount.
      new RegExp(
        String.raw`(?<!\b(?:discuss|share|talk about|negotiate|disclose|compare|ask about|ask for)\s+)\b${POSSESSOR}\s+(?:\w+\s+)?${PAY_NOUN}\b`,
        'i',
      ),
      // "How much does Jonas make?", "What salary does X earn?", "How much did each member of the team get paid?"
      /\b(?:how much|what (?:salary|pay|bonus|compensation|raise))\b[^?]{0,12}\b(?:does|do|did|is|was|were|will)\s+(?!the company\b|we\b|our\b|you\b)[^?]{1,50}?\b(?:make|makes|earn|earns|earned|get paid|got paid|paid|take home|takes home)\b/i,
      /\b(?:am i|will i|are they|is (?:he|she)|are we)\b[^?]{0,25}\b(?:promoted|fired|let go|getting a raise|get a raise|getting a bonus|get a bonus|rated|demoted)\b/i,
      /\b(?:salary|pay|bonus|compensation) of (?:the |our )?(?:ceo|cfo|coo|cto|founder|executives?|[A-Z][a-z]+)\b/i,
      /\b(?:executive|exec|ceo|cfo|leadership) (?:pay|salary|salaries|compensation|bonus|bonuses)\b/i,
      /\bperformance improvement plan\b|\bpips?\b|\bwhy (?:was|wasn't|didn't|did|wasnt|didnt) (?:i|he|she|they)\b[^?]*\b(?:promot\w*|rais\w*|bonus|rat\w+|review\w*|fired|let go|pass\w* over)\b/i,
    ],
  },
  {
    id: 'mergers-acquisitions',
    anchored: [],
    always: [
      /\bmerg(?:er|ers|ing)\b|\bacquisitions?\b|\bacquir(?:e|es|ed|ing)\b|\btake-?overs?\b|\bbuy-?outs?\b|\bm ?& ?a\b/i,
      /\b(?:being|been|get|getting) (?:sold|bought|acquired)\b|\bsell(?:ing)? (?:the company|the business|us|the firm)\b/i,
      /\b(?:buy|buying|purchase|purchasing|take over|taking over)\b[^?]{0,30}\b(?:compan(?:y|ies)|competitors?|startups?|rivals?|business(?:es)?|firms?|makers?|vendors?)\b/i,
      /\bdivest\w*|\bspin[- ]?offs?\b|\bjoint venture\b/i,
    ],
  },
  {
    id: 'unreleased-financials',
    always: [
      /\b(?:revenues?|profits?|profitability|ebitda|runway|burn rate|bookings|arr|mrr|financial results|financials|quarterly results|quarterly numbers|guidance|sales figures|sales numbers)\b/i,
      /\bq[1-4] (?:numbers|results|figures|earnings)\b|\bvaluation\b|\bipo\b|\bgo(?:ing)? public\b|\bfunding round\b|\bfundrais\w*|\braise (?:money|capital|funds)\b|\b(?:financial|revenue|sales) (?:forecast|projections?|targets?|outlook)\b/i,
    ],
    anchored: [/\bearnings\b|\bmargins?\b|\b(?:stock|share) price\b|\bcash flow\b|\bforecast\b/i],
  },
  {
    id: 'legal-litigation',
    always: [
      /\b(?:authority|authorities|regulators?|regulatory|government|agency|police|prosecutors?|sec|ftc|doj|eeoc|antitrust|data protection|gdpr)\b[^?]{0,40}\binvestigat\w*/i,
    ],
    anchored: [
      /\b(?:patent|legal|contract|contractual|trademark|copyright|ip) (?:disputes?|infringements?|claims?|suits?|cases?|fights?|battles?)\b/i,
      /\blaw ?suits?\b|\bsu(?:e|ed|es|ing)\b|\blitigat\w+|\bclass[- ]action\b|\bsubpoena\w*|\bindict\w*|\bsettle(?:ment|d)?\b[^?]{0,30}\b(?:case|suit|claim|lawsuit)\b/i,
      /\blegal (?:action|case|dispute|proceedings?|battle|trouble|issues?|claims?|exposure|risk|challenge)\b|\bcourt (?:case|ruling|order|hearing|date)\b|\bin court\b/i,
      /\b(?:regulators?|regulatory|government|sec|ftc|doj|eeoc|antitrust) (?:investigation|probe|fine|complaint|inquiry|action)\b|\binvestigation into\b|\bwhistle-?blow\w*/i,
      /\b(?:discrimination|harassment|misconduct) (?:claims?|complaints?|cases?|allegations?|suits?)\b|\ballegations?\b|\baccused of\b/i,
    ],
  },
  {
    id: 'health-medical',
    always: [],
    anchored: [
      /\b(?:health|medical) (?:condition|issues?|problems?|scare|status|records?|history|diagnosis|treatment|leave)\b|\bmental health\b/i,
      /\bdiagnos\w+|\billness\w*|\bsick(?:ness)?\b|\bdiseases?\b|\bcancer\b|\bsurgery\b|\bhospitali[sz]\w+|\bin (?:the )?hospital\b|\bpregnan\w+|\bdisabilit\w+|\btherapy\b|\bmedications?\b|\bchemo\w*|\bterminal(?:ly)? ill\b|\bhealthy\b|\bdying\b/i,
      /\bcovid\w*|\bcoronavirus\b|\btested positive\b|\bpositive test\b|\bquarantin\w+|\binfect\w+|\bcontagious\b|\boutbreak\b|\bflu\b|\bvirus\b|\bsymptoms?\b|\bcomplications\b|\bmiscarriage\b|\binjur(?:y|ies|ed)\b/i,
    ],
  },
  {
    id: 'politics-elections',
    always: [],
    anchored: [
      /\belections?\b|\bvot(?:e|es|ed|ing)\b|\bballots?\b|\bcandidates?\b|\bpolitic\w*|\bpartisan\b|\bcampaign (?:donations?|contributions?)\b|\bpolitical part(?:y|ies)\b/i,
      /\b(?:democrats?|republicans?|gop|labour party|tor(?:y|ies)|conservatives?|liberals?|progressives?|left[- ]wing|right[- ]wing)\b|\b(?:trump|biden|harris|obama|congress|senate|parliament|president(?:ial)?)\b/i,
      /\b(?:abortion|gun control|immigration policy|brexit|same-sex marriage|affirmative action)\b/i,
    ],
  },
];

// The question is about this organisation, the leader or a person in it. Generic "you"/"us"
// ("at what age can you vote?", "what does this tell us?") does not count.
const ORG_ANCHOR =
  /\b(?:we|we're|we've|we'll|our|ours|i|i'm|i've|my|me)\b|(?<!\b(?:tell|show|give|let|help|teach) )\bus\b|\b(?:the|our|this|my) (?:company|firm|organi[sz]ation|team|department|leadership|management|executives?|execs?|board|ceo|cfo|coo|cto|founders?|employees?|staff|workforce|colleagues?|co-?workers|manager|boss)\b/i;
const LEADER_YOU =
  /\b(?:do|did|will|would|are|were|have|has) you (?:personally |really |still )?(?:think|support|endorse|vote|voting|believe|plan|stand|feel|back|prefer|favou?r|like|want|say|agree|oppose|donate|give|sue|suing|have|had)\b|\byour (?:own )?(?:view|views|stance|position|opinion|take|thoughts|politics|political|vote|party|pick|candidate|endorsement|health|diagnosis|condition|illness|treatment|family|wife|husband|kids|lawyer|lawsuit)(?![\w-])|\bwho (?:are|did|will|would) you\b|\bare you (?:sick|ill|ok|okay|well|healthy|pregnant|dying|being sued|suing|running)\b/i;

function mentionsName(question: string, names: readonly string[]): boolean {
  return names.some(
    (n) =>
      n.length > 1 && new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(question),
  );
}

/** The first enabled sensitive topic the question touches, or undefined. */
export function detectSensitiveTopic(
  question: string,
  enabled: readonly SensitiveTopicId[],
  anchorNames: readonly string[] = [],
): SensitiveTopicId | undefined {
  const text = question.normalize('NFKC').replace(/’/g, "'");
  let anchored: boolean | undefined;
  for (const rule of RULES) {
    if (!enabled.includes(rule.id)) continue;
    if (rule.always.some((re) => re.test(text))) return rule.id;
    if (!rule.anchored.some((re) => re.test(text))) continue;
    anchored ??= ORG_ANCHOR.test(text) || LEADER_YOU.test(text) || mentionsName(text, anchorNames);
    if (anchored) return rule.id;
  }
  return undefined;
}
