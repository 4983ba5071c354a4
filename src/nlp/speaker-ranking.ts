// Speaker ranking: the last step of quote attribution. The rules of quotes.ts and speakers.ts read
// each quotation's cue and propose a speaker; this step gathers a few more candidates near the
// quotation (people and organisations named in the sentences before it, the holder of a role noun
// such as "the minister", the body that issued a statement the text refers to, the speaker of the
// quotation before) and scores each with named features and weights fit on the dev sets
// (speaker-weights.json, fit by tests/eval/fit-speakers.ts on one half of the articles and checked
// on the other). Everything is linear and per quotation, so `brief quotes --explain` can show why.
import weightsFile from './speaker-weights.json' with { type: 'json' };
import { isGroupSource, isOrganisation, lastWordOf, type NameIndex, TITLE_WORDS, titlesOnly } from './speakers.ts';
import { PARAGRAPH_SEPARATOR } from '../domain/article.ts';

export const FEATURES = [
  // The rules' own pick, and how they came to it.
  'rule', 'ruleByName', 'ruleByPronoun', 'ruleByDescription', 'ruleGuess', 'ruleRoleNoun', 'ruleDocument', 'ruleNotPerson', 'rulePlace', 'ruleParticiple',
  // A name read near the quotation.
  'nearby', 'subject', 'reportsSpeech', 'sentencesBack', 'sameParagraph', 'person', 'organisation', 'place', 'addressee',
  // What the mention the cue gives ("he", "it", "the minister", "the statement") fits.
  'genderAgrees', 'genderClashes', 'heForNonPerson', 'itForOrganisation', 'itForPerson', 'roleHolder', 'roleSubject', 'issuer', 'issuerOfDocument',
  // "the board", "the committee": the body the article named with that head noun; "the statement"
  // with no issuer named: a body near it; "the report" after "according to Radio Pakistan": the same document noun.
  'bodyHolder', 'documentVoice', 'sameDocument',
  // The rules' pick is such a bare body noun ("the board") and the article named the body it stands for.
  'ruleBareBody',
  // "it said" after "the news release said": the issuer of the document the text last quoted.
  'itForIssuer',
  // "A, …, and B, …, emphasised …. “…,” they said": two people opening one clause, for "they".
  'jointForThey',
  // "the statement added" after "a press release issued by the CTD": the issuer the article names is
  // a body, which speaks through its statements; a person's statement is more often cited as such.
  'bodyIssuer',
  // "it said" and a group of people ("Security Forces", "officials"): a group is "they", not "it".
  'itForGroup',
  // Set while choosing, from the quotation before.
  'lastSpeaker', 'followOn',
] as const;
export type Feature = (typeof FEATURES)[number];
export type Weights = Record<Feature, number>;
export type FeatureValues = Partial<Record<Feature, number>>;

export interface Candidate {
  name: string;
  role: string | null;
  features: FeatureValues;
}

/** One quotation as the ranking sees it: its candidates and what its cue gave. */
export interface QuoteSite {
  open: number;
  paragraphStart: number;
  /** A cue word attributed the quotation (not a guess from the sentence). */
  cued: boolean;
  /** The rules found a passive cue: nobody the text names is the speaker. */
  passive: boolean;
  candidates: Candidate[];
}

export interface Choice {
  speaker: string | null;
  role: string | null;
  /** The chosen candidate's share of the candidates' softmax: 1 when nothing competed with it. */
  confidence: number;
  /** Candidates with their scores, best first. */
  ranked: { candidate: Candidate; score: number }[];
}

export const SPEAKER_WEIGHTS: Weights = { ...zeroWeights(), ...(weightsFile.weights as Partial<Weights>) };

export function zeroWeights(): Weights {
  return Object.fromEntries(FEATURES.map((f) => [f, 0])) as Weights;
}

export function scoreOf(features: FeatureValues, weights: Weights): number {
  let score = 0;
  for (const key in features) score += (features[key as Feature] ?? 0) * weights[key as Feature];
  return score;
}

/** Two spellings of one speaker: one contains the other, or they end in the same word. */
export function sameName(a: string, b: string): boolean {
  return sameLowerName(a.toLowerCase(), b.toLowerCase());
}

/** sameName of two names already in lower case. */
function sameLowerName(x: string, y: string): boolean {
  if (x === y || x.includes(y) || y.includes(x)) return true;
  return lastWordOf(x) === lastWordOf(y);
}

// How far back (in characters) the quotation before may be for a quotation without a cue to go on in its voice.
const FOLLOW_ON_REACH = 1500;

/**
 * Chooses a speaker for each quotation of one article, in order: the quotation before lends its
 * chosen speaker to the next (lastSpeaker, followOn), so the choice is made left to right.
 */
export function chooseSpeakers(sites: QuoteSite[], weights: Weights = SPEAKER_WEIGHTS): Choice[] {
  const out: Choice[] = [];
  let previous: { speaker: string; role: string | null; open: number } | null = null;
  // Each quotation compares the previous speaker with its candidates, the same few names of one
  // article: each is lower-cased once.
  const lowered = new Map<string, string>();
  const lower = (name: string): string => {
    let known = lowered.get(name);
    if (known === undefined) lowered.set(name, (known = name.toLowerCase()));
    return known;
  };
  for (const site of sites) {
    if (site.passive) {
      out.push({ speaker: null, role: null, confidence: 1, ranked: [] });
      continue;
    }
    // The gathered candidates are shared with every choice (the fit makes many): only the one the
    // previous speaker lends features to is copied.
    const candidates = site.candidates.slice();
    if (previous) {
      const speaker = previous.speaker;
      const speakerLower = lower(speaker);
      const at = candidates.findIndex((c) => sameLowerName(lower(c.name), speakerLower));
      if (at !== -1 || !site.cued) {
        const carried: Candidate = at === -1 ? { name: speaker, role: previous.role, features: {} } : { ...candidates[at]!, features: { ...candidates[at]!.features } };
        carried.features.lastSpeaker = 1;
        if (!site.cued && site.open - previous.open <= FOLLOW_ON_REACH) carried.features.followOn = 1;
        if (at === -1) candidates.push(carried);
        else candidates[at] = carried;
      }
    }
    const ranked = candidates.map((candidate) => ({ candidate, score: scoreOf(candidate.features, weights) }));
    // Stable: of equal scores the first gathered (the rules' pick) stays first.
    ranked.sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best) {
      out.push({ speaker: null, role: null, confidence: 0, ranked });
      continue;
    }
    let total = 0;
    for (const r of ranked) total += Math.exp(r.score - best.score);
    // A lone candidate competes with nobody: its own score says how sure it is.
    const confidence = ranked.length === 1 ? 1 / (1 + Math.exp(-best.score)) : 1 / total;
    out.push({ speaker: best.candidate.name, role: best.candidate.role, confidence, ranked });
    previous = { speaker: best.candidate.name, role: best.candidate.role, open: site.open };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Gathering candidates

/** What the rules found for one quotation. */
export interface RuleReading {
  open: number;
  paragraphStart: number;
  mention: { kind: 'name' | 'pronoun' | 'nominal'; text: string; start: number } | null;
  cue: string | null;
  speaker: string | null;
  role: string | null;
  guessed: boolean;
  passive: boolean;
  cued: boolean;
}

// How far before a quotation names are read, and how many of the last ones at most.
const CANDIDATE_REACH = 1200;
const CANDIDATE_LIMIT = 12;
// Sentences back beyond this count as this many.
const SENTENCES_CAP = 5;
// Nouns for what an organisation or official issues, that "the statement said" refers to.
const DOCUMENT_NOUNS = new Set(['statement', 'release', 'report', 'letter', 'analysis', 'judgement', 'judgment', 'notification', 'communique', 'communiqué', 'handout', 'complaint', 'order', 'verdict', 'post', 'message', 'note', 'document', 'memo', 'notice', 'press']);
// "a statement by X", "the news release of X", "an analysis published by X", "a press release issued today by X".
const ISSUED = /(?:statement|release|report|letter|analysis|judg(?:e)?ment|notification|communiqu[eé]|handout|complaint|message|notice)s?\s+(?:(?:issued|published|released|posted|signed)\s+(?:(?:today|yesterday|earlier|late|later|on\s+\p{Lu}\p{Ll}+day)\s+)?)?(?:by|from|of)\s+(?:the\s+)?((?:\p{Lu}[\p{L}’'.-]*|\((?:\p{Lu}[\p{L}]*)\))(?:[ -](?:of|for|and|the|&|\p{Lu}[\p{L}’'.-]*|\(\p{Lu}[\p{L}\d]*\))){0,8})/uy;
// Lower-case office words between a place and a name, read on from where ISSUED stopped: "a
// statement by Lakki Marwat police spokesperson Shahid Hameed" is the spokesperson's.
const OFFICE_THEN_NAME = /\s+(?:(?:police|district|provincial|federal|spokesperson|spokesman|spokeswoman|minister|chief|officer|official|secretary|adviser|advisor|director|general|commissioner|inspector|superintendent|deputy|senior)\s+){1,3}(\p{Lu}[\p{L}’'.-]*(?: \p{Lu}[\p{L}’'.-]*){0,4})/uy;
// "X said in a statement", "X, in a statement, said": the issuer opens the sentence.
const SAID_IN = /((?:\p{Lu}[\p{L}’'.-]*)(?:[ -](?:of|for|and|the|\p{Lu}[\p{L}’'.-]*|\(\p{Lu}[\p{L}\d]*\))){0,8}),?\s+(?:said|added|stated|announced|noted)?\s*,?\s*in\s+(?:a|its|his|her|their)\s+(?:joint\s+)?(?:press\s+|news\s+)?$/u;
// SAID_IN's last words, which most text before a document word lacks: tested first, as SAID_IN
// tries every capital in the 120 characters before every "report", "post" or "statement".
const SAID_IN_ENDING = /in\s+(?:a|its|his|her|their)\s+(?:joint\s+)?(?:press\s+|news\s+)?$/;
// "an ISPR statement", "the FO's press release", "a CTD spokesperson's statement".
const ATTRIBUTIVE = /(\p{Lu}[\p{Lu}\d&]{1,9}|\p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+){0,3})(?:[’']s)?\s+(?:press\s+|news\s+|official\s+|joint\s+)?$/u;
// Where to try the three: the nouns themselves, found by a plain scan.
const DOCUMENT_WORD = /\b(?:statement|release|report|letter|analysis|judg(?:e)?ment|notification|communiqu[eé]|handout|complaint|message|notice|post|according to)/g;
// "according to Radio Pakistan", "according to the ISPR": a body the text takes its account from.
const ACCORDING_TO = /according to\s+(?:the\s+)?((?:\p{Lu}[\p{L}’'.-]*)(?: (?:of|for|and|\p{Lu}[\p{L}’'.-]*)){0,5})/uy;
// How many characters before a document noun its issuer may start.
const ISSUER_BEFORE = 120;
// How far back "the statement" may look for the one the article named: the lead, most often.
const ISSUER_REACH = 12000;
// "Inter-Services Public Relations (ISPR)": the article's own short form of an organisation.
const ACRONYM_IN_BRACKETS = /\((\p{Lu}[\p{Lu}\d&]{1,9})\)/gu;
// The full name right before it, read in the few words before the bracket.
const FULL_NAME_BEFORE = /((?:\p{Lu}[\p{L}’'.-]*)(?:[ -](?:of|for|and|on|\p{Lu}[\p{L}’'.-]*)){1,7})\s+$/u;
// How South Asian copy refers to a few bodies without their name; used only when the article
// names the body by its short form somewhere, as the text then attributes to it.
const DESCRIBED_BODIES: ReadonlyMap<string, string> = new Map([
  ["military's media wing", 'ISPR'], ['military’s media wing', 'ISPR'], ["army's media wing", 'ISPR'], ['army’s media wing', 'ISPR'],
  ['media wing of the military', 'ISPR'], ['media wing of the army', 'ISPR'], ['inter-services public relations', 'ISPR'],
  ['inter services public relations', 'ISPR'], ['foreign office', 'FO'], ['counter-terrorism department', 'CTD'], ['counter terrorism department', 'CTD'],
]);
// Titles written short, and words that name one office: "the DIG" is the deputy inspector general,
// "the premier" the prime minister. Each alternative is a list of words a title must all hold.
const TITLE_FORMS: ReadonlyMap<string, string[][]> = new Map([
  ['premier', [['prime', 'minister'], ['pm']]], ['pm', [['prime', 'minister'], ['premier']]], ['dpm', [['deputy', 'prime', 'minister']]],
  ['fm', [['foreign', 'minister']]], ['cm', [['chief', 'minister']]], ['dig', [['deputy', 'inspector', 'general']]],
  ['ig', [['inspector', 'general']]], ['igp', [['inspector', 'general']]], ['aig', [['additional', 'inspector', 'general']]],
  ['dpo', [['district', 'police', 'officer']]], ['rpo', [['regional', 'police', 'officer']]], ['sho', [['station', 'house', 'officer']]],
  ['ssp', [['senior', 'superintendent']]], ['sp', [['superintendent']]], ['dg', [['director', 'general']]], ['coas', [['army', 'chief'], ['chief', 'army', 'staff']]],
  ['skipper', [['captain']]], ['captain', [['skipper']]], ['spokesman', [['spokesperson'], ['spokeswoman']]], ['spokesperson', [['spokesman'], ['spokeswoman']]],
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'his', 'her', 'their']);
// Areas an office is named by after its title: "DIG South", "SSP City", "SP Saddar".
const AREA_WORDS = new Set(['north', 'south', 'east', 'west', 'central', 'city', 'saddar', 'rural', 'urban', 'headquarters', 'operations', 'investigation', 'security', 'traffic']);
// Determiners of someone new: "a spokesman", "one aide".
const INDEFINITE = new Set(['a', 'an', 'one', 'another', 'some', 'several']);
// Heads that any titled person may be called: "the official said".
const GENERIC_HEADS = new Set(['official', 'officer', 'senior']);

/** The article's aliases: full names of bodies (lower case) → the short form the text attributes to. */
export function articleAliases(body: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of body.matchAll(ACRONYM_IN_BRACKETS)) {
    const full = FULL_NAME_BEFORE.exec(body.slice(Math.max(0, m.index - ISSUER_BEFORE), m.index))?.[1]?.replace(/^(?:the|of|and)\s+/i, '').toLowerCase();
    if (full && full.split(/[ -]/).length >= 2) aliases.set(full, m[1]!);
  }
  let lower: string | null = null;
  // Eleven descriptions share three short forms: the body is searched once for each.
  const named = new Map<string, boolean>();
  for (const [description, acronym] of DESCRIBED_BODIES) {
    if (aliases.has(description)) continue;
    let found = named.get(acronym);
    if (found === undefined) named.set(acronym, (found = body.includes(acronym)));
    if (!found) continue;
    lower ??= body.toLowerCase();
    if (lower.includes(description)) aliases.set(description, acronym);
  }
  return aliases;
}

/** A body's short form when the article gives one ("the Inter-Services Public Relations" → "ISPR"). */
export function aliasOf(name: string, aliases: Map<string, string>): string {
  const lower = name.toLowerCase().replace(/^(?:the|a|an)\s+/, '');
  const direct = aliases.get(lower);
  if (direct) return direct;
  // A name cut short ("the Inter-Services") is a prefix of the full one; one word never is: "Pakistan"
  // is no short form of "Pakistan Tehreek-e-Insaf".
  const words = lower.includes(' ');
  for (const [full, short] of aliases) if (lower.endsWith(full) || (words && lower.length > 6 && full.startsWith(lower))) return short;
  return name;
}

/** "Turkish" in "the Turkish defence minister": one word in title case before a lower-case word. */
function isQualifier(word: string, next: string | undefined): boolean {
  return /^\p{Lu}\p{Ll}+$/u.test(word) && next !== undefined && /^\p{Ll}/u.test(next);
}

/**
 * What a description asks of a title, by its head (its last title word): "the federal minister" →
 * [[minister]], "the DIG" → [[dig], [deputy, inspector, general]]; [] when it holds no title.
 */
function roleWords(description: string): string[][] {
  // An owner is no head: "the martyred officer's father" is a father, not an officer.
  const words = description.toLowerCase().split(/\s+/).filter((w) => !DETERMINERS.has(w) && !/[’']s$/.test(w));
  let head: string | null = null;
  for (const word of words) {
    const bare = word.replace(/\.$/, '');
    if (TITLE_WORDS.has(bare) || TITLE_FORMS.has(bare)) head = bare;
  }
  if (!head) return [];
  // "the deputy minister" asks for a deputy: a minister alone is someone else. "the Turkish defence
  // minister" asks for Turkey's: the capitalised word that qualifies the title.
  const lesser = words.find((w) => LESSER.has(w));
  const qualifier = description.split(/\s+/).find((w, i, all) => !DETERMINERS.has(w.toLowerCase()) && !TITLE_WORDS.has(w.toLowerCase()) && isQualifier(w, all[i + 1]))?.toLowerCase();
  const asked = [lesser, qualifier].filter((w): w is string => w !== undefined);
  const forms = [[head], ...(TITLE_FORMS.get(head) ?? [])];
  return asked.length ? forms.map((form) => [...asked, ...form]) : forms;
}

/**
 * A description that is a role and nothing else: "the Speaker", "the federal minister", "DIG". Not
 * "one Clinton aide" or "a spokesman" (someone new), nor "Charlie King" (a name with a title-like word).
 */
function isRoleNoun(text: string): boolean {
  let known = roleNouns.get(text);
  if (known === undefined) {
    // Speakers and names repeat across quotes and articles; the answer depends on the text alone.
    if (roleNouns.size >= ROLE_NOUN_CACHE) roleNouns.clear();
    roleNouns.set(text, (known = readsAsRoleNoun(text)));
  }
  return known;
}

const roleNouns = new Map<string, boolean>();
const ROLE_NOUN_CACHE = 10_000;

function readsAsRoleNoun(text: string): boolean {
  const all = text.split(/\s+/);
  if (INDEFINITE.has(all[0]!.toLowerCase())) return false;
  const words = all.filter((w) => !DETERMINERS.has(w.toLowerCase()));
  if (words.length === 0 || words.length > 4 || DOCUMENT_NOUNS.has(words[words.length - 1]!.toLowerCase()) || roleWords(text).length === 0) return false;
  // Every capitalised word a title: "the DIG South" reads as one, "Charlie King" as a name. A
  // word in title case before a lower-case one qualifies it ("the Turkish defence minister"); an
  // acronym there is a body's ("the PPP chairman"), read as before.
  return words.every((w, i) => !/^\p{Lu}/u.test(w) || TITLE_WORDS.has(w.toLowerCase().replace(/\.$/, '')) || TITLE_FORMS.has(w.toLowerCase()) || isQualifier(w, words[i + 1]));
}

/** "a statement from the Inter-Services", "the press release": a document, not who issued it. */
function mentionsDocument(text: string): boolean {
  let known = documentMentions.get(text);
  if (known === undefined) {
    // Asked of every quotation's pick, and picks repeat: the answer depends on the text alone.
    if (documentMentions.size >= ROLE_NOUN_CACHE) documentMentions.clear();
    documentMentions.set(text, (known = readsAsDocument(text)));
  }
  return known;
}

const documentMentions = new Map<string, boolean>();

function readsAsDocument(text: string): boolean {
  const words = text.split(/\s+/);
  return words.length <= 6 && words.some((w, i) => i <= 2 && DOCUMENT_NOUNS.has(w)) && !/\p{Lu}{2,}/u.test(text.split(/\s+/).slice(-1)[0]!);
}

/** The document noun of a mention: "the statement" → "statement", "a press release" → "release". */
function documentNoun(text: string): string | null {
  const words = text.toLowerCase().split(/\s+/);
  return words.find((w) => DOCUMENT_NOUNS.has(w) && w !== 'press') ?? null;
}

function isDocumentNoun(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/);
  return words.length <= 4 && DOCUMENT_NOUNS.has(words[words.length - 1]!);
}

/** Whether a role shares a title with the description ("Defence Minister" for "the minister"). */
function holdsRole(role: string | null, wanted: string[][]): boolean {
  return role !== null && titledWords(contextWords(role.toLowerCase()), wanted);
}

// How many characters before (or after) a name its title is read: "Federal Minister for Religious
// Affairs and Interfaith Harmony Sardar Muhammad Yousaf", "Majid Takht-Ravanchi, Iran's deputy foreign minister,".
const TITLE_REACH = 90;
// How many names back, over the whole article, a role noun looks for its holder.
const HOLDER_LIMIT = 60;

/** A title or its short form ending the text: a title after it ("and Foreign Minister") is the same person's. */
const OWN_TITLE_ENDS = /(?:\)|\b(?:minister|secretary|president|chairman|spokesperson|spokesman|governor|adviser|advisor|ambassador|envoy))$/i;

/** The words around a name, within its sentence, where its title is written. */
function titleContext(body: string, start: number, name: string, previousName: string | null = null): string {
  const before = body.slice(Math.max(0, start - TITLE_REACH), start);
  let cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('“'), before.lastIndexOf('"'));
  // In a list of titled people ("Deputy PM Ishaq Dar, Senate Chairman Yousuf Raza Gilani") a name's
  // own title starts after the comma; "Minister for …, Sardar Muhammad Yousaf" has none there.
  const comma = before.lastIndexOf(', ');
  // "Deputy Prime Minister and Foreign Minister (DPM/FM), Senator Ishaq Dar": a title or its short
  // form before the comma is the same person's.
  const ownTitleBefore = OWN_TITLE_ENDS.test(before.slice(0, comma));
  if (comma > cut && !ownTitleBefore && before.slice(comma + 2).toLowerCase().split(/\s+/).some((w) => TITLE_WORDS.has(w))) cut = comma + 1;
  // "Punjab Chief Minister Maryam Nawaz and Sindh Chief Minister Murad Ali Shah": the same after
  // "and", unless a title ends before it ("Deputy Prime Minister and Foreign Minister Ishaq Dar").
  // Only where a person's name ends before "and": "Minister for Law and Justice Azam Nazeer Tarar" is one title.
  const and = before.lastIndexOf(' and ');
  if (and > cut && previousName !== null && before.slice(0, and).endsWith(lastWordOf(previousName)) && !OWN_TITLE_ENDS.test(before.slice(0, and)) && before.slice(and + 5).toLowerCase().split(/\s+/).some((w) => TITLE_WORDS.has(w))) cut = and + 4;
  const afterStart = start + name.length;
  // An appositive ends with its sentence: "X as saying, adding … | The deputy minister said" gives X no title.
  const after = body.slice(afterStart, afterStart + TITLE_REACH).split(/\n|\.\s|[“"]/)[0]!;
  // Only an appositive: "Asif, the defence minister, said" — the words after a comma, up to the next.
  const appositive = after.startsWith(',') ? after.slice(1, (after.indexOf(',', 1) + 1 || after.length + 1) - 1) : '';
  return `${before.slice(cut + 1)} ${appositive}`.toLowerCase();
}

/** The words of the title written around a name (or of a role), as titledWords reads them. */
function contextWords(context: string): string[] {
  return context.replace(/[()’'.,/]/g, ' ').split(/\s+/);
}

/**
 * Whether the title written around a name holds what the description asks ("the official": any
 * title). Its words are read, never changed: they are remembered per name and per role.
 */
function titledWords(contextWords: string[], wanted: string[][]): boolean {
  const words = withoutLesserOffices(contextWords, wanted);
  if (GENERIC_HEADS.has(wanted[0]?.[0] ?? '')) return words.some((w) => TITLE_WORDS.has(w) && !GENERIC_HEADS.has(w));
  return wanted.some((alternative) => alternative.every((w) => words.includes(w)));
}

// Words that make a title another office: a deputy prime minister is no "premier", a vice chancellor
// no "chancellor".
const LESSER = new Set(['deputy', 'vice', 'additional', 'assistant']);

/** The title words without the office a "deputy" or "former" qualifies, unless the description asks for it. */
function withoutLesserOffices(words: string[], wanted: string[][]): string[] {
  if (!words.some((w) => LESSER.has(w))) return words;
  const asked = new Set(wanted.flat());
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (LESSER.has(word) && !asked.has(word)) {
      // Skip the word it qualifies: "Deputy PM" is no PM; "Deputy Prime Minister" is still a minister.
      i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

// A sentence opening with a role noun as its subject: "The prime minister appreciated …", "The DIG said".
const ROLE_SUBJECT = /(?:^|\n|[.!?,][”"]?\s+)(?:The|the)\s+((?:[\p{L}-]+\s+){0,3}?[\p{L}-]+)\s+(?:also\s+|further\s+)?(?:[a-z]+ed|said|says|told|[a-z]+s)\b/gu;

/**
 * The head noun of a definite description that may stand for a body: "the board", "the committee",
 * "the provincial committee"; null for a role ("the minister"), a document or anything longer.
 */
function bodyHead(description: string): string | null {
  const words = description.toLowerCase().split(/\s+/);
  if (words[0] !== 'the' || words.length > 3) return null;
  const head = words[words.length - 1]!;
  if (DOCUMENT_NOUNS.has(head) || TITLE_WORDS.has(head) || TITLE_FORMS.has(head) || !/^\p{Ll}+$/u.test(head)) return null;
  return isOrganisation(head) ? head : null;
}

/** The body the article named with this head noun ("Pakistan Cricket Board" for "the board"), the last before `before`, in its short form. */
function bodyHolderOf(head: string, scan: ArticleScan, before: number): { name: string; start: number } | null {
  const { names } = scan;
  const mentions = names.mentionsBetween(0, before, HOLDER_LIMIT);
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i]!;
    const lower = m.name.toLowerCase();
    if (lower.endsWith(` ${head}`) && names.kindOf(m.name).organisation) return { name: scan.shownName(m.name), start: m.start };
  }
  // Named once, with its short form, and called by the short form since: "Pakistan Cricket Board (PCB)".
  for (const [full, short] of scan.aliases) if (full.endsWith(` ${head}`)) return { name: short, start: 0 };
  return null;
}

/** The person the article titled with these role words, the last named before `before`. */
function holderOf(wanted: string[][], body: string, names: NameIndex, before: number): { name: string; start: number } | null {
  const mentions = names.mentionsBetween(0, before, HOLDER_LIMIT);
  let contexts = titleContextWords.get(names);
  if (!contexts) titleContextWords.set(names, (contexts = new Map()));
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i]!;
    if ((!names.kindOf(m.name).person && m.name.indexOf(' ') === -1) || titlesOnly(m.name)) continue;
    let words = contexts.get(m.start);
    if (!words) {
      const previous = mentions[i - 1];
      const previousPerson = previous && names.kindOf(previous.name).person ? previous.name : null;
      const context = titleContext(body, m.start, body.slice(m.start, m.start + TITLE_REACH).match(/^[^,.;:()“”"\n]*/)![0], previousPerson);
      words = contextWords(context);
      // Only a bare name takes the lead's role: "Imran Khan, the jailed opposition leader," has his own.
      if (!words.some((w) => TITLE_WORDS.has(w))) words = words.concat(contextWords((delayedTitle(body, names, m) ?? '').toLowerCase()));
      if (words.includes('counterpart')) words = words.concat(counterpartOffice(mentions, i, names));
      contexts.set(m.start, words);
    }
    if (titledWords(words, wanted) || holdsRole(names.role(m.name), wanted)) return m;
  }
  return null;
}

/**
 * A lead that names nobody ("…, Iran's deputy foreign minister told the BBC.") and a second paragraph
 * that opens with a bare name saying something ("Majid Takht-Ravanchi told the broadcaster …"): the
 * news convention of delayed identification, where the name is the lead's described speaker. The
 * lead's first sentence is then that name's title context; null for any other name, and for a
 * name that is not the subject of its sentence.
 */
function delayedTitle(body: string, names: NameIndex, m: { start: number; subject: boolean; reports: boolean }): string | null {
  if (!m.subject && !m.reports) return null;
  const leadEnd = body.indexOf(PARAGRAPH_SEPARATOR);
  if (leadEnd < 0 || body.slice(leadEnd, m.start).trim() !== '') return null;
  if (names.mentionsBetween(0, leadEnd, HOLDER_LIMIT).some((other) => names.kindOf(other.name).person)) return null;
  return /^[^.!?]*/.exec(body.slice(0, leadEnd))![0];
}

/**
 * "Interior Minister Mohsin Naqvi and his Bahraini counterpart Gen Shaikh Rashid": a counterpart holds
 * the office of the person named before them in the sentence. The office's words, or none when no
 * titled person comes before in that sentence.
 */
function counterpartOffice(mentions: { name: string; start: number }[], at: number, names: NameIndex): string[] {
  const sentence = names.sentenceAt(mentions[at]!.start);
  for (let k = at - 1; k >= 0 && names.sentenceAt(mentions[k]!.start) === sentence; k--) {
    const role = names.kindOf(mentions[k]!.name).person ? names.role(mentions[k]!.name) : null;
    if (role) return contextWords(role.toLowerCase());
  }
  return [];
}

/**
 * The words of the title context of each name, by the name's offset, per article: every role noun
 * walks back over the same names, and the context depends on the offset alone.
 */
const titleContextWords = new WeakMap<NameIndex, Map<number, string[]>>();

/**
 * What the ranking reads from the whole article, each found once when first asked (most articles
 * never ask): the short forms of its bodies, the issuers of the statements it names, and the role
 * nouns opening its sentences. Scanning once keeps the work per quotation bounded, whatever the count.
 */
export class ArticleScan {
  private readonly issuers: { name: string; start: number; noun: string }[] = [];
  private readonly documentWords: ForwardScan;
  private readonly roleSubjects: { description: string; start: number }[] = [];
  private readonly roleSubjectMatches: ForwardScan;
  private aliasMap: Map<string, string> | null = null;

  constructor(readonly body: string, readonly names: NameIndex) {
    this.documentWords = new ForwardScan(DOCUMENT_WORD, body, (word) => {
      this.readIssuer(word);
      return word.index;
    });
    // A match's role noun starts after the one before it, so what is read holds every one starting before the bound.
    this.roleSubjectMatches = new ForwardScan(ROLE_SUBJECT, body, (m) => {
      const start = m.index + m[0].indexOf(m[1]!);
      if (isRoleNoun(m[1]!) || bodyHead(`the ${m[1]!}`)) this.roleSubjects.push({ description: m[1]!, start });
      return start;
    });
  }

  get aliases(): Map<string, string> {
    return (this.aliasMap ??= articleAliases(this.body));
  }

  private readonly shown = new Map<string, string>();

  /** aliasOf, remembered: the same few names come up for every quotation. */
  shownName(name: string): string {
    // Every alias is two words or more: a one-word name is its own, and the article need not be scanned.
    if (!name.includes(' ')) return name;
    let known = this.shown.get(name);
    if (known === undefined) this.shown.set(name, (known = aliasOf(name, this.aliases)));
    return known;
  }

  private readonly candidateKeys = new Map<string, { lower: string; last: string; roleNoun: boolean }>();
  private readonly roleWordsCache = new Map<string, string[][]>();

  /** roleWords, remembered per article: quotations ask about the same few descriptions. Callers only read it. */
  roleWordsOf(description: string): string[][] {
    let words = this.roleWordsCache.get(description);
    if (!words) this.roleWordsCache.set(description, (words = roleWords(description)));
    return words;
  }

  /**
   * What gatherCandidates compares a shown name by (lower case, last word, role noun or not), worked
   * out once per article: every quotation adds the same few names. Callers only read it.
   */
  candidateKey(shown: string): { lower: string; last: string; roleNoun: boolean } {
    let key = this.candidateKeys.get(shown);
    if (!key) {
      const lower = shown.toLowerCase();
      this.candidateKeys.set(shown, (key = { lower, last: lastWordOf(lower), roleNoun: isRoleNoun(shown) }));
    }
    return key;
  }

  /** The issuers of statements, reports and letters named from `from` to `to`, last first, at most `limit`. */
  issuersBetween(from: number, to: number, limit: number): { name: string; start: number; noun: string }[] {
    this.documentWords.readTo(to);
    return lastBetween(this.issuers, from, to, limit);
  }

  /** Role nouns opening sentences from `from` to `to` ("the prime minister"), last first, at most `limit`. */
  roleSubjectsBetween(from: number, to: number, limit: number): { description: string; start: number }[] {
    this.roleSubjectMatches.readTo(to);
    return lastBetween(this.roleSubjects, from, to, limit);
  }

  /** The issuer a document word names, if any, pushed to `issuers`. */
  private readIssuer(word: RegExpExecArray): void {
    const { body } = this;
    const at = word.index;
    // "according to Radio Pakistan": what the outlet reports; "the report said" then is its.
    if (word[0] === 'according to') {
      ACCORDING_TO.lastIndex = at;
      const raw = ACCORDING_TO.exec(body)?.[1];
      const name = raw && isOrganisation(raw) ? issuerName(raw, this.names, this.aliases) : null;
      if (name) this.issuers.push({ name, start: at, noun: 'report' });
      return;
    }
    ISSUED.lastIndex = at;
    const before = body.slice(Math.max(0, at - ISSUER_BEFORE), at);
    const issued = ISSUED.exec(body);
    let named = issued?.[1];
    if (issued) {
      OFFICE_THEN_NAME.lastIndex = issued.index + issued[0].length;
      named = OFFICE_THEN_NAME.exec(body)?.[1] ?? named;
    }
    const raw = named ?? (SAID_IN_ENDING.test(before) ? SAID_IN.exec(before)?.[1] : undefined) ?? ATTRIBUTIVE.exec(before)?.[1];
    const name = raw ? issuerName(raw, this.names, this.aliases) : null;
    // "The message of Karbala", "However, in a statement": a place or a word the text never
    // shows to be a person or a body issues nothing.
    const kind = name ? this.names.kindOf(name) : null;
    if (name && (kind!.person || kind!.organisation)) this.issuers.push({ name, start: at, noun: word[0] });
  }
}

/**
 * A global pattern read over a body only as far as callers ask: quotations ask in text order, and
 * the text after the last one (often most of it) holds nothing any of them can use. What is read is
 * what one pass over the whole body finds, up to the first match starting at or after the bound.
 */
class ForwardScan {
  /** Where the last match read starts (Infinity when none is left), and where reading goes on. */
  private at = -1;
  private from = 0;

  /** `read` handles a match and says where it starts, as the bound compares it. */
  constructor(private readonly pattern: RegExp, private readonly body: string, private readonly read: (match: RegExpExecArray) => number) {}

  readTo(to: number): void {
    while (this.at < to) {
      this.pattern.lastIndex = this.from;
      const match = this.pattern.exec(this.body);
      if (!match) {
        this.at = Number.POSITIVE_INFINITY;
        return;
      }
      this.from = this.pattern.lastIndex;
      this.at = this.read(match);
    }
  }
}

/** Of items sorted by start, the last `limit` starting in [from, to), last first. */
function lastBetween<T extends { start: number }>(items: T[], from: number, to: number, limit: number): T[] {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start < to) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo - 1; i >= 0 && out.length < limit && items[i]!.start >= from; i--) out.push(items[i]!);
  return out;
}

/** "Regional Police Officer (RPO) Sajjad Khan" → "Sajjad Khan"; "Inter Services Public Relations (ISPR)" → "ISPR". */
function issuerName(raw: string, names: NameIndex, aliases: Map<string, string>): string | null {
  const words = raw.trim().split(/\s+/);
  // "The CTD's statement", "Another TOI report": the determiner opening the sentence is no part of the name.
  while (words.length > 1 && (DETERMINERS.has(words[0]!.toLowerCase()) || INDEFINITE.has(words[0]!.toLowerCase()))) words.shift();
  const acronym = words.findIndex((w) => /^\(\p{Lu}/u.test(w));
  let name: string[];
  if (acronym !== -1 && acronym === words.length - 1) return words[acronym]!.replace(/[()]/g, '');
  if (acronym !== -1) name = words.slice(acronym + 1);
  else {
    let lastTitle = -1;
    words.forEach((w, i) => { if (TITLE_WORDS.has(w.toLowerCase()) && i < words.length - 1) lastTitle = i; });
    name = isOrganisation(raw) ? words : words.slice(lastTitle + 1);
  }
  const joined = name.join(' ').replace(/[.,]+$/, '').replace(/[’']s$/, '');
  if (!joined || DETERMINERS.has(joined.toLowerCase()) || DOCUMENT_NOUNS.has(joined.toLowerCase())) return null;
  return aliasOf(isOrganisation(joined) ? joined : names.canonical(joined), aliases);
}

/**
 * The candidates for one quotation: the rules' pick first, then names, role holders and issuers
 * read before it, each with its features.
 */
export function gatherCandidates(reading: RuleReading, scan: ArticleScan): Candidate[] {
  const { body, names } = scan;
  const candidates: Candidate[] = [];
  // Lower case and role-noun reading of each candidate, worked out once: every add compares with all.
  const keys: { lower: string; last: string; roleNoun: boolean }[] = [];
  const add = (name: string, role: string | null, features: FeatureValues): void => {
    const shown = scan.shownName(name);
    const key = scan.candidateKey(shown);
    // "the minister" is no other form of "Federal Minister": role nouns join only their own spelling.
    const { lower, last, roleNoun } = key;
    const at = keys.findIndex((k) => (roleNoun || k.roleNoun ? k.lower === lower : k.lower === lower || k.lower.includes(lower) || lower.includes(k.lower) || k.last === last));
    const known = at === -1 ? undefined : candidates[at];
    if (known) {
      // Most of a repeated name's features are already there with the same value: only a new or
      // larger one is written (writes to these objects of many shapes are the slow part).
      const merged = known.features;
      for (const key in features) {
        const had = merged[key as Feature];
        const value = features[key as Feature]!;
        if (had === undefined || value > had) merged[key as Feature] = Math.max(had ?? 0, value);
      }
      return;
    }
    candidates.push({ name: shown, role, features });
    keys.push(key);
  };
  const mention = reading.mention;
  const pronoun = mention?.kind === 'pronoun' ? mention.text : null;
  const description = mention?.kind === 'nominal' || (mention?.kind === 'name' && isRoleNoun(mention.text)) ? mention.text : null;
  if (reading.speaker) {
    // "the minister" is the minister the article named: resolved like a surname to the full name,
    // before any ranking.
    let name = reading.speaker;
    let role = reading.role;
    // "the DIG South", "SSP City": a title with its area is the office, not someone called "South".
    if (AREA_WORDS.has(name.toLowerCase()) && role && isRoleNoun(role)) name = role;
    const resolved: FeatureValues = {};
    const holder = isRoleNoun(name) ? holderOf(scan.roleWordsOf(name), body, names, mention?.kind === 'nominal' ? mention.start : reading.open) : null;
    if (holder) {
      resolved.ruleRoleNoun = 1;
      role = names.role(holder.name) ?? name.replace(/^(?:the|a|an)\s+/i, '');
      name = holder.name;
    } else if (mentionsDocument(name)) {
      // Whose statement it was is ranked, not assumed: some copy credits "the report" itself.
      resolved.ruleDocument = 1;
    }
    const kind = names.kindOf(name);
    const features: FeatureValues = { rule: 1, ...resolved };
    if (mention?.kind === 'name' && reading.cue) features.ruleByName = 1;
    if (pronoun) features.ruleByPronoun = 1;
    // A document ("the statement") is its own feature: kept apart, the fit can trust "a senior aide"
    // without also trusting "the statement" over the body that issued it.
    if (mention?.kind === 'nominal' && !resolved.ruleDocument) features.ruleByDescription = 1;
    if (reading.guessed) features.ruleGuess = 1;
    if ((pronoun === 'he' || pronoun === 'she' || reading.guessed) && !kind.person) features.ruleNotPerson = 1;
    if ((pronoun === 'he' || pronoun === 'she' || reading.guessed) && kind.place) features.rulePlace = 1;
    // "Paying rich tributes, the minister said": a participle opening the sentence read as a name.
    // Most names hold no "ing": the Unicode pattern is tried only on those that do.
    if (name.includes('ing') && /^\p{Lu}\p{Ll}+ing\b/u.test(name)) features.ruleParticiple = 1;
    if (features.ruleByName && !kind.person && !kind.organisation) features.ruleNotPerson = 1;
    if (pronoun === 'it' && isGroupSource(name)) features.itForGroup = 1;
    add(name, role, features);
  }
  // A name a cue gives is right nineteen times in twenty: nothing near it is worth reading.
  // Unless what it gives is no person or body the text knows ("Paying rich tributes, …").
  const pick = candidates[0];
  const sureName = pick?.features.ruleByName && !pick.features.ruleRoleNoun && !pick.features.ruleDocument && !pick.features.ruleParticiple;
  if (reading.passive || (sureName && (names.kindOf(pick.name).person || names.kindOf(pick.name).organisation))) return candidates;
  // "police said", "security sources told": an unnamed source is cited as the text names it.
  if (reading.cue && mention?.kind === 'nominal' && isGroupSource(mention.text)) return candidates;
  const here = names.sentenceAt(reading.open);
  const from = Math.max(0, reading.open - CANDIDATE_REACH);
  const wanted = description ? scan.roleWordsOf(description) : [];
  const mentions = names.mentionsBetween(from, reading.open, CANDIDATE_LIMIT);
  for (const m of mentions) {
    const kind = names.kindOf(m.name);
    // "Site", "Wing": a capitalised word the text shows to be neither a person nor a body speaks for nobody.
    if (!kind.person && !kind.organisation) continue;
    const back = Math.min(SENTENCES_CAP, Math.max(0, here - names.sentenceAt(m.start)));
    const role = names.role(m.name);
    const features: FeatureValues = { nearby: 1, sentencesBack: back / SENTENCES_CAP };
    if (m.subject) features.subject = 1;
    if (m.reports) features.reportsSpeech = 1;
    // "Dar told Geo News’s Hamid Mir": the one spoken to is seldom the next quotation's speaker.
    if (m.addressed) features.addressee = 1;
    if (m.start >= reading.paragraphStart) features.sameParagraph = 1;
    if (kind.person) features.person = 1;
    if (kind.organisation) features.organisation = 1;
    if (kind.place) features.place = 1;
    if (pronoun === 'he' || pronoun === 'she') {
      const gender = names.genderOf(m.name);
      if (gender === pronoun) features.genderAgrees = 1;
      else if (gender) features.genderClashes = 1;
      if (!kind.person) features.heForNonPerson = 1;
    }
    if ((pronoun === 'it' || pronoun === 'they') && kind.organisation) features.itForOrganisation = 1;
    if (pronoun === 'it' && kind.person) features.itForPerson = 1;
    if (pronoun === 'it' && isGroupSource(m.name)) features.itForGroup = 1;
    if (wanted.length && holdsRole(role, wanted)) features.roleHolder = 1;
    add(m.name, role, features);
  }
  if (pronoun === 'they') {
    const joint = jointSubjects(mentions, names, body);
    if (joint && !candidates.some((c) => c.name === joint.name)) {
      const back = Math.min(SENTENCES_CAP, Math.max(0, here - names.sentenceAt(joint.start)));
      candidates.push({ name: joint.name, role: null, features: { jointForThey: 1, nearby: 1, person: 1, subject: 1, sentencesBack: back / SENTENCES_CAP, ...(joint.start >= reading.paragraphStart ? { sameParagraph: 1 } : {}) } });
      keys.push({ lower: joint.name.toLowerCase(), last: '', roleNoun: false });
    }
  }
  // "the board", "the committee": the body the article named with that head noun.
  const head = bodyHead(description ?? reading.speaker ?? '');
  if (head) {
    const holder = bodyHolderOf(head, scan, reading.open);
    if (holder) {
      if (pick?.features.rule && pick.name.toLowerCase() === (reading.speaker ?? '').toLowerCase() && bodyHead(pick.name)) pick.features.ruleBareBody = 1;
      add(holder.name, null, { bodyHolder: 1, organisation: 1 });
    }
  }
  // "the minister" named far back, in the lead: the last person the article gave that title.
  if (description && wanted.length) {
    // Named before the description: "the candidate told CBS’ Face the Nation" is not CBS's.
    const holder = holderOf(wanted, body, names, mention?.kind === 'nominal' ? mention.start : reading.open);
    if (holder) add(holder.name, names.role(holder.name), { roleHolder: 1, person: 1, sentencesBack: Math.min(SENTENCES_CAP, here - names.sentenceAt(holder.start)) / SENTENCES_CAP });
  }
  // "The prime minister appreciated … He said, “…”": a role noun opening a sentence before names its holder.
  if (pronoun === 'he' || pronoun === 'she' || !reading.cued || candidates[0]?.features.ruleNotPerson) {
    const subjects = scan.roleSubjectsBetween(from, reading.open, 1);
    const nearest = subjects[0];
    if (nearest) {
      const back = Math.min(SENTENCES_CAP, Math.max(0, here - names.sentenceAt(nearest.start)));
      const near = { subject: 1, sentencesBack: back / SENTENCES_CAP, ...(nearest.start >= reading.paragraphStart ? { sameParagraph: 1 } : {}) };
      const subjectHead = bodyHead(`the ${nearest.description}`);
      if (subjectHead) {
        // "The committee also directed …": a body as the subject, for a quotation no cue gives to anyone.
        const holder = bodyHolderOf(subjectHead, scan, nearest.start);
        if (holder) add(holder.name, null, { bodyHolder: 1, roleSubject: 1, organisation: 1, ...near });
      } else {
        const holder = holderOf(scan.roleWordsOf(nearest.description), body, names, nearest.start);
        if (holder) add(holder.name, names.role(holder.name), { roleSubject: 1, person: 1, ...near });
      }
    }
  }
  // "the statement said", "it added": the body or official that issued it, however far back.
  const documentSpeaker = reading.speaker !== null && mentionsDocument(reading.speaker);
  if (pronoun === 'it' || pronoun === 'they' || documentSpeaker || (description && isDocumentNoun(description)) || !reading.cued || mention?.kind === 'nominal' || !mention) {
    const issuers = scan.issuersBetween(Math.max(0, reading.open - (documentSpeaker ? ISSUER_REACH : CANDIDATE_REACH * 2)), reading.open, 3);
    const noun = documentSpeaker ? documentNoun(reading.speaker!) : description && isDocumentNoun(description) ? documentNoun(description) : null;
    // "the report said" is the last report's, though a statement was named after it; any document's when none is.
    const sameNoun = noun ? issuers.findIndex((issuer) => issuer.noun.startsWith(noun)) : -1;
    const documentAt = sameNoun === -1 ? 0 : sameNoun;
    for (const [i, issuer] of issuers.entries()) {
      const back = Math.min(SENTENCES_CAP, Math.max(0, here - names.sentenceAt(issuer.start)));
      add(issuer.name, null, { issuer: 1 - i * 0.25, ...(documentSpeaker && i === documentAt ? { issuerOfDocument: 1, ...(isOrganisation(issuer.name) ? { bodyIssuer: 1 } : {}) } : {}), ...(pronoun === 'it' && i === 0 ? { itForIssuer: 1 } : {}), ...(noun && issuer.noun.startsWith(noun) ? { sameDocument: 1 } : {}), sentencesBack: back / SENTENCES_CAP, organisation: isOrganisation(issuer.name) ? 1 : 0 });
    }
    // "the statement added", its issuer never named: a body that spoke near it is likelier than the paper.
    if (documentSpeaker) for (const candidate of candidates) if (candidate.features.organisation && !candidate.features.rule) candidate.features.documentVoice = 1;
  }
  return candidates;
}

/**
 * The last two people named as subjects of one sentence, joined by "and" ("A, secretary of X, and B
 * emphasised …"), as one speaker "A and B"; null when the last subject stands alone.
 */
function jointSubjects(mentions: { name: string; start: number; subject: boolean }[], names: NameIndex, body: string): { name: string; start: number } | null {
  let second: { name: string; start: number } | null = null;
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i]!;
    if (!m.subject || !names.kindOf(m.name).person) continue;
    if (!second) {
      second = m;
      continue;
    }
    if (sameName(m.name, second.name) || names.sentenceAt(m.start) !== names.sentenceAt(second.start)) return null;
    const between = body.slice(m.start, second.start);
    return JOINED_BY_AND.test(between) ? { name: `${m.name} and ${second.name}`, start: m.start } : null;
  }
  return null;
}
const JOINED_BY_AND = /,?\s+and\s+$/;

/** Below this the /quotes reply says the attribution is uncertain rather than stating the name plainly. */
export const UNCERTAIN_BELOW = 0.5;

/** Whether a quote's speaker is shown as uncertain: a stored confidence under the line. */
export function isUncertain(quote: { speaker: string | null; confidence?: number | null }): boolean {
  return quote.speaker !== null && quote.confidence !== undefined && quote.confidence !== null && quote.confidence < UNCERTAIN_BELOW;
}
