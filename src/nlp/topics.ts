// Topic tagging at ingest: what an article is about, not what it mentions. Each sentence (and the
// title) is read once for evidence of every topic: an alias on its own ("TTP", "Fitna al-Khawarij",
// "IIOJK"), or an anchor together with a cue in the same sentence ("Bannu" with "attack", "India"
// with "Pakistan", "talks" with "security"). Where the evidence sits becomes a few named features
// (title, lead, share of the body, background-only), and a small linear model with weights and
// per-topic thresholds fitted on hand-tagged articles (data/topic-weights.json, written by
// `npm run eval:topics -- --fit`) decides. The sentence that made the decision is kept, so a user can
// see why a story belongs to a topic.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Article, LEAD_SENTENCES } from '../domain/article.ts';
import { isHeadlineLike } from '../articles/structure.ts';
import { ConfigError } from '../config.ts';
import type { BodySentence, TopicTag } from '../domain/analysis.ts';
import { loadTaxonomy, phraseKey, type Topic } from './taxonomy.ts';
import { type SentenceTokens, stem, tokenize, tokensOf, words } from './tokens.ts';

/** The features of one (article, topic) pair, in the order the weights file lists them. */
export const FEATURES = ['title', 'titleMention', 'lead', 'share', 'count', 'mentions', 'background', 'dominance', 'context', 'paired', 'hedged', 'acting', 'tied', 'reaction', 'legal'] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Fitted weights: shared across topics, with a threshold per topic (the default for any other). */
export interface TopicModel {
  weights: Record<FeatureName, number>;
  bias: number;
  /**
   * Per topic, what its own examples moved the shared weights by (fitted with a penalty that keeps a
   * topic with few examples close to the shared weights). Missing features and topics move nothing.
   */
  adjustments?: Record<string, Partial<Record<FeatureName | 'bias', number>>>;
  defaultThreshold: number;
  thresholds: Record<string, number>;
}

const ROLE_ALIAS = 1;
const ROLE_ANCHOR = 2;
const ROLE_CUE = 4;
/** Not a role: the topic's name or anchor is the sentence's actor (its subject, or followed by a deed). */
const ACTING = 8;

interface Phrase {
  stems: string[];
  key: string;
  /** Per word, the inflection-free forms the phrases of this key were written with. */
  bases: Set<string>[];
}

/** A taxonomy prepared for matching: every phrase of every topic in one longest-match-first index. */
interface CompiledTaxonomy {
  topics: Topic[];
  /** Phrases by their first stem, longest first. */
  phrasesByFirst: Map<string, Phrase[]>;
  /** What a phrase key is evidence of: [topic index, role bits] pairs. */
  rolesByKey: Map<string, [number, number][]>;
  /** Acronyms ("TTP", "IIOJK", "LoC") are matched as written: lowercased they can be English words. */
  acronyms: RegExp | null;
  /** Per topic index, its `requires` groups as keys. */
  requires: Map<number, string[][]>;
}

/** One word with two or more capitals: an acronym, kept as written ("ISPR", "LeT", "IEDs"). */
const ACRONYM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z]+$/;

function phraseKeyOf(phrase: string): string {
  return ACRONYM.test(phrase) ? phrase : phraseKey(phrase);
}

/**
 * A word without its inflection ("attacked", "attacks" -> "attack"; "eliminated", "eliminate" ->
 * "eliminat"). Stems alone join different words ("operating", "operational" and "operation" are all
 * "oper"; "secure" and "security" both "secur"), so a stem match of a name or an anchor also needs
 * the word to be an inflection of one the phrase was written with.
 */
function baseForm(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileTaxonomy(topics: Topic[]): CompiledTaxonomy {
  const phrasesByFirst = new Map<string, Phrase[]>();
  const rolesByKey = new Map<string, [number, number][]>();
  const acronyms = new Set<string>();
  const requires = new Map<number, string[][]>();
  const basesByKey = new Map<string, Set<string>[]>();
  const add = (phrase: string, topic: number, role: number): void => {
    const key = phraseKeyOf(phrase);
    if (!key) return;
    if (!ACRONYM.test(phrase)) {
      const bases = basesByKey.get(key) ?? key.split(' ').map(() => new Set<string>());
      words(phrase).forEach((w, k) => bases[k]?.add(baseForm(w)));
      basesByKey.set(key, bases);
    }
    const roles = rolesByKey.get(key);
    if (roles) {
      const own = roles.find(([t]) => t === topic);
      if (own) own[1] |= role;
      else roles.push([topic, role]);
      return;
    }
    rolesByKey.set(key, [[topic, role]]);
    if (ACRONYM.test(phrase)) {
      acronyms.add(phrase);
      return;
    }
    const stems = key.split(' ');
    const list = phrasesByFirst.get(stems[0]!) ?? [];
    list.push({ stems, key, bases: basesByKey.get(key)! });
    phrasesByFirst.set(stems[0]!, list);
  };
  topics.forEach((topic, t) => {
    for (const alias of topic.aliases) add(alias, t, ROLE_ALIAS);
    for (const anchor of topic.anchors ?? []) add(anchor, t, ROLE_ANCHOR);
    for (const cue of topic.cues ?? []) add(cue, t, ROLE_CUE);
    if (topic.requires) requires.set(t, topic.requires.map((group) => group.map(phraseKeyOf)));
  });
  // A longer phrase also carries the cue roles of the phrases inside it: "suicide attack" is an alias
  // of one topic and, through "attack", a cue of others. Aliases and anchors are not passed down, so
  // "Tehreek-e-Taliban Pakistan" is no evidence of the Afghan Taliban, and a state label such as
  // "Indian proxy" (a cue of Baloch militancy) does not name India as a party.
  for (const [key, roles] of rolesByKey) {
    const stems = key.split(' ');
    for (let from = 0; from < stems.length; from++) {
      for (let to = from + 1; to <= stems.length; to++) {
        if (to - from === stems.length) continue;
        for (const [topic, role] of rolesByKey.get(stems.slice(from, to).join(' ')) ?? []) {
          const inherited = role & ROLE_CUE;
          if (!inherited) continue;
          const own = roles.find(([t]) => t === topic);
          if (own) own[1] |= inherited;
          else roles.push([topic, inherited]);
        }
      }
    }
  }
  for (const group of requires.values()) for (const key of group.flat()) if (ACRONYM.test(key)) acronyms.add(key);
  for (const list of phrasesByFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  const alternatives = [...acronyms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const acronymPattern = alternatives ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'gu') : null;
  return { topics, phrasesByFirst, rolesByKey, acronyms: acronymPattern, requires };
}

const compiledCache = new WeakMap<Topic[], CompiledTaxonomy>();

function compiled(topics: Topic[]): CompiledTaxonomy {
  let result = compiledCache.get(topics);
  if (!result) {
    result = compileTaxonomy(topics);
    compiledCache.set(topics, result);
  }
  return result;
}

/** Words that deny what follows: "no civilian casualties", "to avoid civilian casualties". */
const NEGATIONS = new Set(['no', 'not', 'without', 'nor', 'never', 'avoid', 'minimize', 'minimise', 'mitigate', 'prevent'].map(stem));
/** Far enough for "no civilian casualties or collateral damage", short enough to stay in the clause. */
const NEGATION_REACH = 5;

/**
 * Words that make what follows a location ("near the Pak-Afghan border", "10km from Bannu"): a
 * place named to say where something happened is not what the sentence is about, so an alias there
 * counts only as an anchor.
 */
// "Along the border" is not among them: an operation along the border is where the story is.
const LOCATIVES = new Set(['near', 'nearby', 'close', 'km', 'kilometres', 'kilometers', 'miles'].map(stem));
const LOCATIVE_REACH = 3;

/**
 * "The Pak-Afghan border area of Chaman": a name before "area of" only says which region the place
 * after it lies in. ("An operation in the Datta Khel area" is still about Datta Khel.)
 */
const PLACE_NOUNS = new Set(['area', 'areas', 'region', 'belt'].map(stem));
const OF = stem('of');

function locative(stems: readonly string[], at: number, end: number): boolean {
  if (PLACE_NOUNS.has(stems[end] ?? '') && stems[end + 1] === OF) return true;
  for (let k = Math.max(0, at - LOCATIVE_REACH); k < at; k++) if (LOCATIVES.has(stems[k]!)) return true;
  return false;
}

function negated(stems: readonly string[], at: number): boolean {
  for (let k = Math.max(0, at - NEGATION_REACH); k < at; k++) if (NEGATIONS.has(stems[k]!)) return true;
  return false;
}

/**
 * Words that put a sentence in the past or in the background of the story ("earlier this year",
 * "last month", "in the past"): evidence there says what the story recalls, not what it is about.
 */
const BACKGROUND = new Set(['earlier', 'previous', 'previously', 'ago', 'past', 'history', 'recalled', 'recalling', 'since', 'former', 'formerly'].map(stem));
const LAST = stem('last');
const FORMER = 'former';
const PERIODS = new Set(['year', 'years', 'month', 'months', 'week', 'decade', 'decades'].map(stem));
/**
 * Words that make a sentence a wish, a demand or a proposal ("should hold talks", "called for
 * dialogue", "urged action"): a call for something is not the thing happening.
 */
const HEDGES = new Set(['should', 'must', 'urge', 'urged', 'urges', 'demand', 'demanded', 'propose', 'proposed', 'proposal', 'suggest', 'suggested', 'recommend', 'recommended', 'would', 'could', 'might'].map(stem));
const CALL = stem('call');
const FOR = stem('for');
/** Directions given to someone else ("directed the CM to visit Kabul"): what is directed has not happened. Matched as written. */
const DIRECTIVES = new Set(['directed', 'directs', 'instructed', 'instructs', 'appealed', 'appeals', 'asked', 'asks']);
/**
 * "Called on X to do Y" is a demand, not the courtesy call "X called on Y": within this many words of
 * "called on", a "to" makes it one.
 */
const CALLED_ON = phraseKey('called on');
const TO = stem('to');
const DEMAND_REACH = 5;
/**
 * Words of a reaction to an event rather than the event ("condemned the attack", "expressed grief",
 * "solidarity with"): another actor's statement about a strike is neither the strike nor talks on it.
 */
const REACTIONS = new Set(['condemn', 'condemned', 'condemns', 'condemnation', 'denounced', 'deplored', 'condolence', 'condolences', 'grief', 'solidarity',
  'sympathy', 'sympathies', 'outrage'].map(stem));
/**
 * Words of a court's proceedings ("granted bail", "sent on remand", "the hearing", "booked"): a case
 * in court about an attack or an activist is neither the attack nor an operation (gold rules 8, 10).
 */
// Matched as written, not by stem: "booked" shares its stem with "book", "hearing" with "heard".
const LEGAL = new Set(['court', 'courts', 'bail', 'remand', 'hearing', 'hearings', 'judge', 'judges', 'trial', 'petition', 'petitioner', 'acquitted',
  'convicted', 'sentenced', 'indicted', 'booked', 'fir', 'prosecution', 'prosecutor', 'verdict', 'atc', 'plea']);
/**
 * An attack fought off ("police thwarted an attack", "terrorists attempted to storm the post"): the
 * story is the attack, and the forces' response in the same sentence (killing or arresting the
 * attackers) is no operation launched by them (gold rule 8). Both lists are needed in one unit ("foiled
 * an infiltration attempt" is an interdiction, an operation). Matched as written, not by stem.
 */
const FOUGHT_OFF = new Set(['thwart', 'thwarted', 'thwarting', 'foil', 'foiled', 'foiling', 'repulse', 'repulsed', 'repulsing', 'repel', 'repelled',
  'repelling', 'retaliate', 'retaliated', 'retaliating', 'attempt', 'attempted', 'attempting', 'attempts']);
const ASSAULTS = new Set(['attack', 'attacks', 'attacked', 'attacking', 'assault', 'assaulted', 'ambush', 'ambushed', 'storm', 'stormed', 'storming']);
/**
 * What defenders do to attackers ("eliminating three terrorists", "sent to hell"): in a unit of an
 * attack fought off, a topic named only by these is the response. A name, a place or any other anchor
 * of the topic in the unit (a "clearance operation", "infiltrators") keeps it evidence.
 */
const RESPONSES = new Set(['killed', 'killing', 'eliminated', 'eliminating', 'neutralised', 'neutralized', 'neutralising', 'neutralizing', 'arrested',
  'apprehended', 'captured', 'engaged', 'sent', 'hell']);
/** Deeds that make the phrase before them an actor: "the TTP claimed", "India and Pakistan held talks". */
const DEEDS = new Set(['attack', 'attacked', 'claimed', 'claims', 'killed', 'kill', 'launched', 'struck', 'targeted', 'abducted', 'said', 'says',
  'announced', 'warned', 'held', 'met', 'signed', 'conducted', 'carried', 'eliminated', 'arrested', 'fired', 'stormed', 'ambushed', 'agreed',
  'rejected', 'accused', 'condemned', 'vowed', 'denied', 'tested', 'infiltrated', 'crossed'].map(stem));
/**
 * The word lists above as one lookup per token (the loop over every token of every sentence is most of
 * tagging's time): bits by stem, and by the word as written for the lists matched as written.
 */
const KIND_BACKGROUND = 1;
const KIND_HEDGE = 2;
const KIND_REACTION = 4;
const KIND_LEGAL = 8;
const KIND_FOUGHT_OFF = 16;
const KIND_ASSAULT = 32;
const TO_WORD = 'to';
function kinds(lists: [Iterable<string>, number][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [list, bit] of lists) for (const key of list) out.set(key, (out.get(key) ?? 0) | bit);
  return out;
}
const STEM_KINDS = kinds([[BACKGROUND, KIND_BACKGROUND], [HEDGES, KIND_HEDGE], [REACTIONS, KIND_REACTION]]);
const WORD_KINDS = kinds([[DIRECTIVES, KIND_HEDGE], [LEGAL, KIND_LEGAL], [FOUGHT_OFF, KIND_FOUGHT_OFF], [ASSAULTS, KIND_ASSAULT]]);
/** A phrase this early in a sentence is its subject ("Security forces killed …", "The Taliban said …"). */
const SUBJECT_REACH = 6;
const ACRONYM_SUBJECT_CHARS = 40;
const DEED_REACH = 4;

/** One unit (the title or a sentence): role bits per topic index, and whether it is background or hedged. */
interface UnitEvidence {
  roles: Map<number, number>;
  background: boolean;
  hedged: boolean;
  reaction: boolean;
  legal: boolean;
}

function readUnit(text: string, index: CompiledTaxonomy, tokens: Pick<SentenceTokens, 'words' | 'stems'> = tokenize(text)): UnitEvidence {
  const roles = new Map<number, number>();
  const { words: surface, stems } = tokens;
  let background = false;
  let hedged = false;
  let reaction = false;
  let legal = false;
  let foughtOff = false;
  let assault = false;
  const responseTopics = new Set<number>();
  const otherNamed = new Set<number>();
  const mark = (key: string, asPlace = false, acting = false, cueOnly = false, isResponse = false): void => {
    for (const [topic, role] of index.rolesByKey.get(key) ?? []) {
      if (!cueOnly && (role & (ROLE_ALIAS | ROLE_ANCHOR)) !== 0) (isResponse ? responseTopics : otherNamed).add(topic);
      if (cueOnly && (role & ROLE_CUE) === 0) continue;
      // A name used as a location keeps only its anchor role, not the cues inside it ("Afghan" in
      // "near the Pak-Afghan border"), or it would still be evidence on its own.
      let counted = cueOnly ? ROLE_CUE : asPlace && (role & ROLE_ALIAS) !== 0 ? ROLE_ANCHOR : role;
      if (acting && (counted & (ROLE_ALIAS | ROLE_ANCHOR)) !== 0) counted |= ACTING;
      roles.set(topic, (roles.get(topic) ?? 0) | counted);
    }
  };
  const actorAt = (from: number, to: number): boolean => {
    if (from < SUBJECT_REACH) return true;
    for (let k = to; k < Math.min(stems.length, to + DEED_REACH); k++) if (DEEDS.has(stems[k]!)) return true;
    return false;
  };
  for (let i = 0; i < stems.length; ) {
    const s = stems[i]!;
    const kind = (STEM_KINDS.get(s) ?? 0) | (WORD_KINDS.get(surface[i]!) ?? 0);
    if ((kind & KIND_BACKGROUND) !== 0 || (s === LAST && PERIODS.has(stems[i + 1] ?? ''))) background = true;
    if ((kind & KIND_HEDGE) !== 0 || (s === CALL && stems[i + 1] === FOR)) hedged = true;
    if ((kind & KIND_REACTION) !== 0) reaction = true;
    if ((kind & KIND_LEGAL) !== 0) legal = true;
    if ((kind & KIND_FOUGHT_OFF) !== 0) foughtOff = true;
    if ((kind & KIND_ASSAULT) !== 0) assault = true;
    const match = index.phrasesByFirst.get(s)?.find((p) => p.stems.every((x, k) => stems[i + k] === x));
    // A name or an anchor must be an inflection of a word it was written with ("operations", not
    // "operating"); a cue may be any word of the stem's family ("terror" for "terrorism").
    const inflected = !match || match.bases.every((b, k) => b.size === 0 || b.has(baseForm(surface[i + k]!)));
    if (match?.key === CALLED_ON && stems.slice(i + 2, i + 2 + DEMAND_REACH).includes(TO)) {
      hedged = true;
      i += match.stems.length;
    } else if (match) {
      // "Former foreign minister X": an office held in the past describes a person, not an event, so
      // it keeps only its cue role, as a word of the wrong family does.
      const formerOffice = i > 0 && surface[i - 1] === FORMER;
      const isResponse = surface.slice(i, i + match.stems.length).every((w) => RESPONSES.has(w) || w === TO_WORD);
      if (!negated(stems, i)) mark(match.key, locative(stems, i, i + match.stems.length), actorAt(i, i + match.stems.length), !inflected || formerOffice, isResponse);
      i += match.stems.length;
    } else {
      i++;
    }
  }
  // An acronym early in the text is taken as its subject; its deeds are not looked for.
  if (index.acronyms) for (const m of text.matchAll(index.acronyms)) mark(m[0], false, m.index < ACRONYM_SUBJECT_CHARS);
  // In a unit of an attack fought off, a topic named only by what the defenders did to the attackers
  // ("police thwarted an attack, eliminating three terrorists") is the response, not an operation the
  // forces launched: its anchors there count for nothing, as a word of the wrong family does.
  if (foughtOff && assault) {
    for (const t of responseTopics) if (!otherNamed.has(t)) roles.set(t, roles.get(t)! & ~(ROLE_ANCHOR | ACTING));
  }
  return { roles, background, hedged, reaction, legal };
}

const isEvidence = (bits: number): boolean => (bits & ROLE_ALIAS) !== 0 || (bits & (ROLE_ANCHOR | ROLE_CUE)) === (ROLE_ANCHOR | ROLE_CUE);

/** The headline and, when the article has them, its subheadings and highlights. */
export type Headings = Pick<Article, 'title'> & Partial<Pick<Article, 'sections' | 'highlights'>>;

/** What the features of one topic were computed from, and the sentence that shows it best. */
export interface TopicEvidence {
  topicId: string;
  features: Record<FeatureName, number>;
  /** Index of the body sentence that shows the topic best; null when only the title does. */
  evidence: number | null;
}

/**
 * The evidence for every topic the article touches at all (one anchor is enough to be listed; the
 * model decides). Used by tagTopics and by the fitting in tests/eval.
 */
export function topicEvidence(article: Headings, sentences: Pick<BodySentence, 'text'>[], taxonomy: Topic[]): TopicEvidence[] {
  const index = compiled(taxonomy);
  // Title-case subheadings say what the article is about as the headline does, so they are read with
  // it; a sentence-case crosshead names what the part under it is about, so it is read as the body is.
  const headings: string[] = [];
  const crossheads: string[] = [];
  for (const section of article.sections ?? []) (isHeadlineLike(section) ? headings : crossheads).push(section);
  const title = readUnit(headings.length ? [article.title, ...headings].join('\n') : article.title, index);
  // The outlet's highlights (a print standfirst's bullets) are its own summary of the story: they are
  // read as the opening units of the body and count as its lead, the lead sentences following them.
  const standfirst = article.highlights ?? [];
  const h = standfirst.length;
  // Crossheads come after the sentences: never the lead, never the sentence shown.
  const body = [
    ...standfirst.map((text) => readUnit(text, index)),
    ...sentences.map((s) => readUnit(s.text, index, tokensOf(s))),
    ...crossheads.map((text) => readUnit(text, index)),
  ];
  const shownEnd = h + sentences.length;
  const touched = new Set<number>(title.roles.keys());
  for (const unit of body) for (const t of unit.roles.keys()) touched.add(t);
  if (touched.size === 0) return [];
  const requiredKeys = new Map<number, string[][]>();
  for (const t of touched) {
    const groups = index.requires.get(t);
    if (groups) requiredKeys.set(t, groups);
  }
  // Requirements are checked on the whole text rather than on matched phrases, so a side named inside
  // a longer phrase ("Afghan" in "Afghan territory") still counts as mentioned.
  let joined: string | null = null;
  const allText = (): string => (joined ??= ` ${[tokenize(article.title).stems, ...sentences.map((s) => tokensOf(s).stems)].flat().join(' ')} `);
  const fullText = (): string => [article.title, ...sentences.map((s) => s.text)].join(' ');
  const mentioned = (key: string): boolean => (ACRONYM.test(key) ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(key)}(?![\\p{L}\\p{N}])`, 'u').test(fullText()) : allText().includes(` ${key} `));

  const out: TopicEvidence[] = [];
  const n = Math.max(1, body.length);
  // Crossheads come after the sentences, so in a short article they would fall inside this bound.
  const leadEnd = Math.min(h + LEAD_SENTENCES, shownEnd);
  // The story's main event: the topics with evidence in the headline or the lead.
  const main = new Set<number>();
  // A story told as a court's proceedings (its headline or lead in court) is about the case.
  let legalStory = title.legal ? 1 : 0;
  for (let i = 0; i < leadEnd && i < body.length; i++) if (body[i]!.legal) legalStory = 1;
  for (const [t, bits] of title.roles) if (isEvidence(bits)) main.add(t);
  for (let i = 0; i < leadEnd && i < body.length; i++) for (const [t, bits] of body[i]!.roles) if (isEvidence(bits)) main.add(t);
  /** Whether a unit also speaks of another topic of the main event (its place, cue or name): "attacks by the khawarij". */
  const tiedToMain = (unit: UnitEvidence, t: number): boolean => {
    for (const m of unit.roles.keys()) if (m !== t && main.has(m)) return true;
    return false;
  };
  for (const t of touched) {
    const groups = requiredKeys.get(t);
    if (groups && !groups.every((group) => group.some(mentioned))) continue;
    const titleBits = title.roles.get(t) ?? 0;
    let lead = 0;
    let evidenceSentences = 0;
    let mentions = titleBits ? 1 : 0;
    let backgroundEvidence = 0;
    let best: number | null = null;
    let bestRank = 0;
    // A cue in the headline or lead sets the scene for the rest ("… from Afghan territory" in the lead,
    // "border security" later): anchors after it are counted apart, as context.
    let leadCue = (titleBits & ROLE_CUE) !== 0;
    for (let i = 0; i < leadEnd && i < body.length; i++) if (((body[i]!.roles.get(t) ?? 0) & ROLE_CUE) !== 0) leadCue = true;
    let inContext = 0;
    let pairedOnly = 0;
    let hedgedEvidence = 0;
    let tiedEvidence = 0;
    let reactionEvidence = 0;
    let actingEvidence = 0;
    body.forEach((unit, i) => {
      const bits = unit.roles.get(t);
      if (!bits) return;
      mentions++;
      if (!isEvidence(bits)) {
        if (leadCue && (bits & ROLE_ANCHOR) !== 0) inContext++;
        return;
      }
      evidenceSentences++;
      if ((bits & ROLE_ALIAS) === 0) pairedOnly++;
      if (unit.hedged) hedgedEvidence++;
      if (tiedToMain(unit, t)) tiedEvidence++;
      if (unit.reaction) reactionEvidence++;
      if ((bits & ACTING) !== 0) actingEvidence++;
      if (i < leadEnd) lead = 1;
      if (unit.background) backgroundEvidence++;
      // The sentence shown to a user: the earliest foreground one with an alias, else the earliest;
      // a body sentence, since a user is shown sentences of the story, not its highlights.
      if (i < h || i >= shownEnd) return;
      const rank = (unit.background ? 0 : 2) + ((bits & ROLE_ALIAS) !== 0 ? 1 : 0);
      if (best === null || rank > bestRank) {
        best = i;
        bestRank = rank;
      }
    });
    const titleEvidence = isEvidence(titleBits) ? 1 : 0;
    const units = evidenceSentences + titleEvidence;
    out.push({
      topicId: index.topics[t]!.id,
      features: {
        title: titleEvidence,
        titleMention: titleBits && !titleEvidence ? 1 : 0,
        lead,
        share: evidenceSentences / n,
        count: Math.log1p(evidenceSentences),
        mentions: Math.log1p(mentions),
        background: units ? backgroundEvidence / units : 0,
        dominance: units,
        context: Math.log1p(inContext),
        // Evidence from a name of the topic itself is surer than from a place meeting an event.
        acting: units ? (actingEvidence + (titleEvidence && (titleBits & ACTING) !== 0 ? 1 : 0)) / units : 0,
        hedged: units ? (hedgedEvidence + (titleEvidence && title.hedged ? 1 : 0)) / units : 0,
        reaction: units ? (reactionEvidence + (titleEvidence && title.reaction ? 1 : 0)) / units : 0,
        legal: legalStory,
        tied: units ? (tiedEvidence + (titleEvidence && tiedToMain(title, t) ? 1 : 0)) / units : 0,
        paired: units ? (pairedOnly + (titleEvidence && (titleBits & ROLE_ALIAS) === 0 ? 1 : 0)) / units : 0,
      },
      // Evidence found only in the highlights is shown as the headline's.
      evidence: best === null ? null : best - h,
    });
  }
  // How much of the article's evidence this topic holds, against the topic with the most: what the
  // story is about outweighs what it also mentions.
  const most = Math.max(DOMINANCE_FLOOR, ...out.map((f) => f.features.dominance));
  for (const f of out) f.features.dominance /= most;
  return out;
}

/** The model's linear score of one pair: above the topic's threshold means tagged. */
export function linearScore(features: Record<FeatureName, number>, model: TopicModel, topicId: string): number {
  const own = model.adjustments?.[topicId];
  let score = model.bias + (own?.bias ?? 0);
  for (const name of FEATURES) score += (model.weights[name] + (own?.[name] ?? 0)) * features[name];
  return score;
}

export function thresholdOf(topicId: string, model: TopicModel): number {
  return model.thresholds[topicId] ?? model.defaultThreshold;
}

const MODEL_FILE = 'topic-weights.json';
const SHIPPED_MODEL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', MODEL_FILE);

/** Parses a weights file; a missing or misspelt feature is a ConfigError naming it. */
export function parseTopicModel(text: string, name: string): TopicModel {
  let value: Partial<TopicModel>;
  try {
    value = JSON.parse(text) as Partial<TopicModel>;
  } catch (error) {
    throw new ConfigError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const weights = value.weights ?? ({} as Record<string, unknown>);
  for (const feature of FEATURES) {
    if (typeof weights[feature] !== 'number') throw new ConfigError(`${name}: "weights" needs a number for "${feature}"`);
  }
  if (typeof value.bias !== 'number' || typeof value.defaultThreshold !== 'number') {
    throw new ConfigError(`${name}: "bias" and "defaultThreshold" must be numbers`);
  }
  const thresholds = value.thresholds ?? {};
  for (const [id, t] of Object.entries(thresholds)) if (typeof t !== 'number') throw new ConfigError(`${name}: threshold of "${id}" must be a number`);
  const adjustments = value.adjustments ?? {};
  for (const [id, moves] of Object.entries(adjustments)) {
    for (const [feature, move] of Object.entries(moves)) {
      if (feature !== 'bias' && !(FEATURES as readonly string[]).includes(feature)) throw new ConfigError(`${name}: adjustment of "${id}" names no feature "${feature}"`);
      if (typeof move !== 'number') throw new ConfigError(`${name}: adjustment of "${id}" for "${feature}" must be a number`);
    }
  }
  return { weights: weights as Record<FeatureName, number>, bias: value.bias, adjustments, defaultThreshold: value.defaultThreshold, thresholds };
}

export function loadTopicModel(file: string): TopicModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${file} cannot be read`);
  }
  return parseTopicModel(text, file);
}

/** The shared topics and the weights that tag them: read once by the entry point, then passed down. */
export interface Taxonomy {
  topics: Topic[];
  model: TopicModel;
}

/**
 * The taxonomy file (TOPICS_PATH) and the weights beside it (topic-weights.json), or the shipped
 * weights when there are none there. A malformed file is a ConfigError naming its line.
 */
export function openTaxonomy(topicsPath: string): Taxonomy {
  const beside = path.join(path.dirname(topicsPath), MODEL_FILE);
  return { topics: loadTaxonomy(topicsPath), model: loadTopicModel(existsSync(beside) ? beside : SHIPPED_MODEL) };
}

/** Fewer evidence units than this in the leading topic do not make any topic dominant. */
const DOMINANCE_FLOOR = 4;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The topics an article is substantially about, best first, each with the sentence that shows it.
 * `score` is the model's probability (0–1).
 */
export function tagTopics(article: Headings, sentences: Pick<BodySentence, 'text'>[], taxonomy: Topic[], model: TopicModel): TopicTag[] {
  const tags: TopicTag[] = [];
  for (const found of topicEvidence(article, sentences, taxonomy)) {
    const score = linearScore(found.features, model, found.topicId);
    if (score >= thresholdOf(found.topicId, model)) {
      tags.push({ topicId: found.topicId, score: Math.round(sigmoid(score) * 1000) / 1000, evidence: found.evidence });
    }
  }
  return tags.sort((a, b) => b.score - a.score || a.topicId.localeCompare(b.topicId));
}
