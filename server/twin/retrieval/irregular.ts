// Past forms of common irregular English verbs → base form, so "fled" meets "flee" and "led" meets
// "lead" (Porter stemming only handles regular suffixes).
const PAIRS = `arose arise|arisen arise|awoke awake|was be|were be|been be|bore bear|born bear|beat beat|became become|
began begin|begun begin|bent bend|bet bet|bound bind|bit bite|bitten bite|bled bleed|blew blow|blown blow|broke break|
broken break|bred breed|brought bring|built build|burnt burn|bought buy|caught catch|chose choose|chosen choose|
came come|cost cost|crept creep|dealt deal|dug dig|did do|done do|drew draw|drawn draw|drank drink|drunk drink|
drove drive|driven drive|ate eat|eaten eat|fell fall|fallen fall|fed feed|felt feel|fought fight|found find|fled flee|
flung fling|flew fly|flown fly|forbade forbid|forgot forget|forgotten forget|forgave forgive|forgiven forgive|froze freeze|
frozen freeze|got get|gotten get|gave give|given give|went go|gone go|ground grind|grew grow|grown grow|hung hang|had have|
heard hear|hid hide|hidden hide|held hold|hurt hurt|kept keep|knelt kneel|knew know|known know|laid lay|led lead|
leapt leap|left leave|lent lend|lay lie|lain lie|lit light|lost lose|made make|meant mean|met meet|paid pay|
proved prove|proven prove|quit quit|rode ride|ridden ride|rang ring|rung ring|rose rise|risen rise|ran run|said say|saw see|
seen see|sought seek|sold sell|sent send|set set|shook shake|shaken shake|shone shine|shot shoot|showed show|shown show|
shrank shrink|shut shut|sang sing|sung sing|sank sink|sunk sink|sat sit|slept sleep|slid slide|spoke speak|spoken speak|
spent spend|spun spin|spread spread|sprang spring|stood stand|stole steal|stolen steal|stuck stick|stung sting|struck strike|
strove strive|swore swear|sworn swear|swept sweep|swam swim|swum swim|swung swing|took take|taken take|taught teach|
tore tear|torn tear|told tell|thought think|threw throw|thrown throw|understood understand|woke wake|woken wake|wore wear|
worn wear|won win|wound wind|withdrew withdraw|withdrawn withdraw|wrote write|written write|overcame overcome|
overtook overtake|undertook undertake|upheld uphold|withheld withhold|arisen arise|slew slay|slain slay|dying die|died die|
lying lie|tying tie|children child|men man|women woman|people people|mice mouse|feet foot|teeth tooth|geese goose|
better good|best good|worse bad|worst bad|larger large|largest large|greater great|greatest great`;

export const IRREGULAR: ReadonlyMap<string, string> = new Map(
  PAIRS.split('|')
    .map((p) => p.trim().split(/\s+/))
    .filter((p): p is [string, string] => p.length === 2)
    .map(([from, to]) => [from, to]),
);
