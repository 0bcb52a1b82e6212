// Words that carry no topic: function words, plus the frame words of a question put to a leader
// ("what do you think about …", "can you tell us …"). Coverage is measured on what is left.

const FUNCTION_WORDS = `a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down during each few for
from further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it
its itself just ll me more most my myself nor now of off on once only or other ought our ours ourselves out over own
re s same shan she should shouldn so some such t than that the their theirs them themselves then there these they
this those through to too under until up us ve very was wasn we were weren what when where which while who whom whose
why will with won would wouldn you your yours yourself yourselves d m o y ain ma mightn mustn needn shall may might
must also yet ever even still much many lot lots get got gets getting let lets its via per upon onto whether
instead rather either neither else one ones every another anyone anybody someone somebody everyone everybody
inside outside within across along among amongst around behind beside besides beyond toward towards unlike amid
throughout till unless although though however whenever wherever whatever whoever whichever`;

const QUESTION_FRAME = `tell say says said saying think thinks thought thoughts feel feels believe view views
opinion opinions explain describe share talk talking speak mean means meant know knows please kindly anything
something everything thing things stuff really actually basically exactly currently going gonna wanna like
question questions answer ask asking wondering wonder curious hear heard update updates give detail details
info information regarding regard concerning re whats hows whos wheres whens supposed allowed permitted able
expected ok okay possible bother`;

export const STOPWORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${QUESTION_FRAME}`.split(/\s+/).filter((w) => w.length > 0),
);

/** Words that flip a statement's polarity; compared between question/answer, never indexed. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'cannot',
]);

// Words that say little about which statement is wanted ("what is the best way to …"): they count,
// but never as much as a topic word.
export const GENERIC: ReadonlySet<string> = new Set(
  `way ways best good better great bad new current latest recent happen happens happened happening plan plans
  planning change changes changed changing make makes making made take takes taking use used using big important
  main major key different specific start started starting help helps look looks looking need needs want wants
  go goes going went come comes coming
  right wrong sure true real year years time times day days people person part kind sort type name named called
  known located situated based sit sits sitting seated housed stationed`.split(/\s+/),
);
