// Event signatures: what an article reports, read from its headline and lead, in a form two
// articles can be compared on — the kind of occurrence, who acted (normalised: the state's
// "Fitna al-Khawarij" is the TTP, "the military's media wing" is ISPR), where (through the
// gazetteer in data/gazetteer.json, so "Mir Ali" and "North Waziristan" meet), the casualty figures,
// and the day it happened ("on Tuesday" read against the publication date). Pure functions of the
// text; computed at ingest (see analyseArticle) and by `brief clusters`, and compared by cluster.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Article, articleBody } from '../domain/article.ts';
import { DAY_MS } from '../time.ts';
import type { EventSignature, OccurrenceKind } from '../domain/analysis.ts';

/** Kinds that report violence: the same incident is told as an attack by one outlet, an operation by another. */
const VIOLENCE = new Set<OccurrenceKind>(['suicide-bombing', 'attack', 'operation', 'strike', 'clash']);
/** Kinds that report people meeting or speaking on their own account. */
const PROCEEDINGS = new Set<OccurrenceKind>(['meeting', 'call', 'press-conference', 'sitting', 'statement', 'visit']);

export type KindFamily = 'violence' | 'proceedings' | 'reaction' | 'commentary' | 'other';

export function kindFamily(kind: OccurrenceKind): KindFamily {
  if (VIOLENCE.has(kind)) return 'violence';
  if (PROCEEDINGS.has(kind)) return 'proceedings';
  if (kind === 'reaction' || kind === 'commentary') return kind;
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Actors: read from data/actors.json, where an office or group is the actor and the people who
// hold an office are aliases with dates, so a change of office holder is a data change.

interface ActorHolderEntry {
  name: string;
  aliases?: string[];
  /** ISO dates; `to` absent while in office. */
  from?: string;
  to?: string;
}

interface ActorEntry {
  id: string;
  office: string;
  names?: string[];
  namesAsWritten?: string[];
  holders?: ActorHolderEntry[];
  notAfter?: string[];
  notBefore?: string[];
  sharedTitle?: boolean;
}

interface ActorsFile {
  militantTerms: string[];
  actors: ActorEntry[];
}

interface Actor {
  id: string;
  /** The names that match in any case. */
  anyCase: RegExp | null;
  /** The names that match as written, holders' names among them; global, run from 0 each time. */
  asWritten: RegExp | null;
  /** A holder's name as matched (spaces and hyphens as one space) -> the day ranges it names this actor in. */
  holderTerms: Map<string, { from: number; to: number }[]>;
}

const ACTORS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'actors.json');
const LETTER = /[a-z]/i;

/** A literal piece of a name: regex-escaped, a space or hyphen matching either; letters in any case when `anyCase`. */
function literalPattern(text: string, anyCase = false): string {
  let out = '';
  for (const part of text.trim().split(/([\s-]+)/)) {
    if (/^[\s-]+$/.test(part)) {
      out += String.raw`[\s-]+`;
      continue;
    }
    for (const ch of part) {
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      out += anyCase && LETTER.test(ch) && lower !== upper ? `[${lower}${upper}]` : escapeRegExp(ch);
    }
  }
  return out;
}

/** A name of data/actors.json as a regex source: words whole, [optional] words, {one|other} choices. */
function namePattern(name: string): string {
  const tokens = name.match(/\[[^\]]*\]|\{[^}]*\}|[^\s[{]+/g) ?? [];
  let out = '';
  tokens.forEach((token, i) => {
    const last = i === tokens.length - 1;
    if (token.startsWith('[')) {
      out += `(?:${literalPattern(token.slice(1, -1))}[\\s-]+)?`;
      return;
    }
    const body = token.startsWith('{')
      ? `(?:${token.slice(1, -1).split('|').map((choice) => literalPattern(choice)).join('|')})`
      : literalPattern(token);
    out += last ? body : `${body}[\\s-]+`;
  });
  return out;
}

const normaliseName = (text: string): string => text.replace(/[\s-]+/g, ' ');

function dayOf(iso: string | undefined, fallback: number): number {
  return iso ? Math.floor(Date.parse(iso) / DAY_MS) : fallback;
}

let actorTable: { actors: Actor[]; militantTerms: string[] } | null = null;

/** The file as edited by hand: a mistake in it names the file and the entry, not a regex deep inside. */
function readActorsFile(): ActorsFile {
  let file: ActorsFile;
  try {
    file = JSON.parse(readFileSync(ACTORS_FILE, 'utf8')) as ActorsFile;
  } catch (error) {
    throw new Error(`${ACTORS_FILE}: ${(error as Error).message}`);
  }
  if (!Array.isArray(file.actors) || !Array.isArray(file.militantTerms)) throw new Error(`${ACTORS_FILE}: needs "actors" and "militantTerms" lists`);
  file.actors.forEach((entry, i) => {
    const named = (entry.names?.length ?? 0) + (entry.namesAsWritten?.length ?? 0) + (entry.holders?.length ?? 0);
    if (typeof entry.id !== 'string' || !entry.id || named === 0) throw new Error(`${ACTORS_FILE}: actor ${i + 1} (${String(entry.id)}) needs an id and at least one name or holder`);
    for (const holder of entry.holders ?? []) {
      for (const date of [holder.from, holder.to]) {
        if (date !== undefined && Number.isNaN(Date.parse(date))) throw new Error(`${ACTORS_FILE}: ${entry.id}: holder ${holder.name} has a bad date "${date}" (want YYYY-MM-DD)`);
      }
    }
  });
  return file;
}

function loadActors(): { actors: Actor[]; militantTerms: string[] } {
  if (actorTable) return actorTable;
  const file = readActorsFile();
  const actors = file.actors.map((entry): Actor => {
    const holderTerms = new Map<string, { from: number; to: number }[]>();
    const holderNames: string[] = [];
    for (const holder of entry.holders ?? []) {
      for (const name of [holder.name, ...(holder.aliases ?? [])]) {
        const key = normaliseName(name);
        const ranges = holderTerms.get(key) ?? [];
        ranges.push({ from: dayOf(holder.from, -Infinity), to: dayOf(holder.to, Infinity) });
        holderTerms.set(key, ranges);
        holderNames.push(name);
      }
    }
    // A shared title ("President") followed by "of" or by a name none of this office's holders has is another state's office.
    const ownWords = [...new Set(holderNames.flatMap((name) => name.split(/[\s-]+/)))].map(escapeRegExp);
    const shared = entry.sharedTitle ? String.raw`(?![\s-]+(?:of\b|(?!(?:${[...ownWords, 'House', 'Secretariat'].join('|')})\b)[A-Z]))` : '';
    const notAfter = entry.notAfter?.length ? String.raw`(?<!(?:${entry.notAfter.map((w) => literalPattern(w, true)).join('|')})[\s-]+)` : '';
    const notBefore = entry.notBefore?.length ? String.raw`(?![\s-]+(?:${entry.notBefore.map((w) => literalPattern(w, true)).join('|')})\b)` : '';
    // Whole words (the names are written in Latin letters); longest first, so "Shehbaz Sharif" is read whole.
    const compile = (sources: string[], flags: string): RegExp | null =>
      sources.length ? new RegExp(String.raw`${notAfter}\b(?:${sources.join('|')})\b${notBefore}`, flags) : null;
    const byLength = (names: string[]): string[] => [...names].sort((x, y) => y.length - x.length);
    return {
      id: entry.id,
      anyCase: compile(byLength(entry.names ?? []).map((name) => `(?:${namePattern(name)})${shared}`), 'i'),
      asWritten: compile([
        ...byLength(entry.namesAsWritten ?? []).map((name) => `(?:${namePattern(name)})${shared}`),
        ...byLength(holderNames).map((name) => namePattern(name)),
      ], 'g'),
      holderTerms,
    };
  });
  actorTable = { actors, militantTerms: file.militantTerms };
  return actorTable;
}

/** Where the actor is first named in the text, on `day` (a holder's name counts only while in office); -1 if not. */
function actorAt(actor: Actor, text: string, day: number | null): number {
  let at = actor.anyCase ? text.search(actor.anyCase) : -1;
  const pattern = actor.asWritten;
  if (!pattern) return at;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match && (at < 0 || match.index < at); match = pattern.exec(text)) {
    const ranges = actor.holderTerms.get(normaliseName(match[0]));
    if (!ranges || day === null || ranges.some((r) => r.from <= day && day <= r.to)) {
      at = match.index;
      break;
    }
  }
  return at;
}

/** What the state and the press call militants ("terrorists", "khawarij"), as one regex alternation. */
function militantAlternation(): string {
  return loadActors().militantTerms.map(escapeRegExp).join('|');
}

/** Actor ids named in the text; `day` (day number of publication) picks the office holders of that day, all when null. */
export function actorsIn(text: string, day: number | null = null): string[] {
  const found: string[] = [];
  for (const actor of loadActors().actors) if (actorAt(actor, text, day) >= 0) found.push(actor.id);
  return found;
}

/** The first actor named in the text (by position), or null. */
function firstActor(text: string, day: number | null): string | null {
  let best: { id: string; at: number } | null = null;
  for (const actor of loadActors().actors) {
    const at = actorAt(actor, text, day);
    if (at >= 0 && (!best || at < best.at)) best = { id: actor.id, at };
  }
  return best?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Places.

interface Gazetteer {
  /** Every name and alias, lower-case -> canonical name. */
  names: Map<string, string>;
  /** Canonical name -> its parent's canonical name. */
  parent: Map<string, string>;
  /** Countries and provinces: too broad to place an occurrence. */
  broad: Set<string>;
  /** One alternation of every name, longest first, matched case-sensitively as written. */
  pattern: RegExp;
}

const GAZETTEER_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'gazetteer.json');
let gazetteer: Gazetteer | null = null;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function loadGazetteer(): Gazetteer {
  if (gazetteer) return gazetteer;
  const file = JSON.parse(readFileSync(GAZETTEER_FILE, 'utf8')) as { countries: string[]; broad?: string[]; tree: Record<string, string[]> };
  const names = new Map<string, string>();
  const parent = new Map<string, string>();
  const broad = new Set<string>([...file.countries, ...(file.broad ?? [])]);
  const written: string[] = [...file.countries];
  for (const country of file.countries) names.set(country.toLowerCase(), country);
  for (const [parentName, children] of Object.entries(file.tree)) {
    for (const entry of children) {
      const [canonical, ...aliases] = entry.split('|').map((s) => s.trim());
      if (!canonical) continue;
      if (!parent.has(canonical)) parent.set(canonical, parentName);
      // Pakistan's provinces and territories, and India's Kashmir, place nothing closer than a region.
      if (parentName === 'Pakistan' || canonical === 'Jammu and Kashmir') broad.add(canonical);
      for (const name of [canonical, ...aliases]) {
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), canonical);
        written.push(name);
      }
    }
  }
  const alternation = [...new Set(written)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  gazetteer = { names, parent, broad, pattern: new RegExp(`(?<![\\p{L}-])(?:${alternation})(?![\\p{L}-])`, 'gu') };
  return gazetteer;
}

/** A place and the places that contain it, most specific first: "Mir Ali", "North Waziristan", "Khyber Pakhtunkhwa", "Pakistan". */
export function placeLineage(place: string): string[] {
  const { parent } = loadGazetteer();
  const out = [place];
  for (let at = parent.get(place); at && out.length < 8; at = parent.get(at)) out.push(at);
  return out;
}

/** The local (district-level or finer) places of a lineage: what two reports of one incident share. */
export function localPlaces(place: string): string[] {
  const { broad } = loadGazetteer();
  return placeLineage(place).filter((p) => !broad.has(p));
}

/** Local places named in the text (case as written: "Tank" the district, not "a water tank"). */
export function placesIn(text: string): string[] {
  const g = loadGazetteer();
  const found = new Set<string>();
  for (const match of text.matchAll(g.pattern)) {
    const canonical = g.names.get(match[0].toLowerCase());
    if (canonical && !g.broad.has(canonical)) found.add(canonical);
  }
  return [...found].sort();
}

/** The broad places of the text and of its local places' lineages, Pakistan itself left out. */
export function regionsIn(text: string, local: readonly string[]): string[] {
  const g = loadGazetteer();
  const found = new Set<string>();
  for (const match of text.matchAll(g.pattern)) {
    const canonical = g.names.get(match[0].toLowerCase());
    if (canonical && g.broad.has(canonical)) found.add(canonical);
  }
  for (const place of local) for (const p of placeLineage(place)) if (g.broad.has(p)) found.add(p);
  found.delete('Pakistan');
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------------
// Kinds. The headline decides when it can; the lead otherwise.

/** Verbs that make a headline one actor's reaction to something that happened elsewhere. */
const REACTION = /\b(condemn(s|ed)?|pays? (rich )?(tributes?|homage)|paid (rich )?(tributes?|homage)|condol\w+|express(es|ed)? (deep |profound |grave )?(grief|sorrow|concern|solidarity|condolences?|sympathy)|denounce(s|d)?|deplore(s|d)?|griev(es|ed)|mourn(s|ed)?|saddened|shocked)\b/i;
/** Praise is a reaction when it is for an incident: forces, an operation, the fallen. */
const PRAISE = /\b(laud(s|ed)?|prais(e|es|ed)|hail(s|ed)?|commend(s|ed)?|salute(s|d)?|welcome(s|d)?|felicitat\w+|appreciat(e|es|ed))\b/i;
/** What the state and the press call militants (data/actors.json): the casualty, praise and operation patterns read it. */
const MILITANTS = militantAlternation();
const PRAISED_FOR_AN_INCIDENT = new RegExp(String.raw`\b(forces|troops|soldiers|security|operation|police|martyr\w*|shaheed|valour|bravery|sacrifices?|${MILITANTS})\b`, 'i');

function reactionVerb(text: string): RegExpExecArray | null {
  const verb = REACTION.exec(text);
  if (verb) return verb;
  const praise = PRAISE.exec(text);
  return praise && PRAISED_FOR_AN_INCIDENT.test(text.slice(praise.index)) ? praise : null;
}
const KIND_PATTERNS: [OccurrenceKind, RegExp][] = [
  ['suicide-bombing', /\bsuicide (bomb\w*|attack\w*|blast|car|vehicle)/i],
  ['attack', /\b(attack(s|ed)?|blast|explosion|bomb(ing)?|IED|ambush(ed)?|gunned down|shot dead|gunmen|assault|abduct\w*|kidnap\w*|grenade|rocket)\b/i],
  ['operation', /\b(operation|IBO|raid|eliminat\w+|neutralis\w+|apprehend\w*|terrorists killed)\b/i],
  ['operation', new RegExp(String.raw`\bkilled \S+ (${MILITANTS})\b`, 'i')],
  ['strike', /\b(air ?strikes?|drone (strike|attack)s?|strikes? on|missile)\b/i],
  ['clash', /\b(clash(es|ed)?|exchange of fire|skirmish\w*|border firing|cross-border firing)\b/i],
  ['visit', /\b(visit(s|ed)?|arriv(es|ed)|inspect(s|ed)?|tour(s|ed)?)\b/i],
  ['press-conference', /\b(press conference|presser|news conference|media briefing|weekly briefing|told reporters|media talk|talking to (the )?media|addressing (a )?press)\b/i],
  ['call', /\b(telephon\w+|phone call|call(ed)? on|spoke (by phone|on the phone))\b/i],
  ['sitting', /\b(session|sitting|National Assembly passe\w|Senate passe\w|resolution)\b/i],
  ['meeting', /\b(meet(s|ing)?|met|talks|summit|conference|moot|jirga|dialogue)\b/i],
];

function kindOf(title: string, lead: string): OccurrenceKind {
  for (const text of [title, lead]) {
    if (reactionVerb(text)) return 'reaction';
    for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  }
  return /\bsa(ys|id)\b|:\s*\S+$/.test(title) ? 'statement' : 'other';
}

/** The actors named before the reaction verb of the headline (else the lead): all who react together. */
function speakersOf(title: string, firstSentence: string, day: number | null): string[] {
  for (const text of [title, firstSentence]) {
    const verb = reactionVerb(text);
    const found = verb ? actorsIn(text.slice(0, verb.index), day) : [];
    if (found.length) return found.sort();
  }
  return [];
}

/** Who reacts or speaks: the actor named before the reaction verb in the headline, else in the lead. */
function speakerOf(title: string, firstSentence: string, day: number | null): string | null {
  for (const text of [title, firstSentence]) {
    const verb = reactionVerb(text);
    const before = verb ? text.slice(0, verb.index) : null;
    const actor = before ? firstActor(before, day) : null;
    if (actor) return actor;
  }
  // "…: ISPR", "…, says PM": an attribution at the end of a headline names the speaker.
  const attribution = /(?::|says|said)\s*([^:]{2,40})$/.exec(title);
  return attribution ? firstActor(attribution[1]!, day) : firstActor(firstSentence.slice(0, 120), day);
}

/** An op-ed's closing author line: "The writer is …". */
const AUTHOR_LINE = /\bThe writers? (is|are|was)\b/;

/** Headlines of explainers and analyses: background to an occurrence, not a report of one. */
const EXPLAINER_TITLE = /^(who|what|why|how)\b[^:]*\?|^(who is|who are|what is|what are|explainer|analysis|opinion|comment)\b/i;

/**
 * Opinion pieces, editorials and explainers: singletons by the gold's rules. Dawn prints opinion
 * with the first word in capitals and no dateline ("THE summit …", "PAK-Afghan talks …"), where a
 * printed news report opens with a dateline or bullets; op-eds end with "The writer is …".
 */
export function isCommentary(input: Pick<SignatureInput, 'title' | 'body' | 'printed' | 'dateline' | 'noise'>): boolean {
  if (EXPLAINER_TITLE.test(input.title.trim())) return true;
  const body = input.body;
  // The author line may still end the body, or the parser may have set it aside with the other noise.
  if (AUTHOR_LINE.test(body.slice(-400)) || input.noise?.some((line) => AUTHOR_LINE.test(line))) return true;
  if (!input.printed || input.dateline) return false;
  const opening = body.trimStart();
  return /^[A-Z]{2,}[A-Z’']*(?:-[A-Z][a-z]|\s+[a-z])/.test(opening) && !/^[A-Z]+:/.test(opening);
}

// ---------------------------------------------------------------------------------------------
// Numbers and days.

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, dozen: 12,
};
const PEOPLE = String.raw`(?:${MILITANTS}|soldiers?|troops|personnel|security men|men|people|persons|passengers|policemen|cops|civilians|children|women|labourers|workers|officials|dead|killed|martyred|injured|wounded|lives)`;
const CASUALTY = new RegExp(String.raw`\b(\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})\s+(?:[\p{L}-]+\s+){0,3}?${PEOPLE}\b`, 'giu');
const TOLL = /\btoll\b[^.]{0,40}?\b(?:to|at|reached|rose to)\s+(\d{1,3})\b/gi;

export function casualtiesIn(text: string): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(CASUALTY)) {
    const word = match[1]!.toLowerCase();
    const value = NUMBER_WORDS[word] ?? Number(word);
    if (value > 0 && value < 1000) found.add(value);
  }
  for (const match of text.matchAll(TOLL)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// "on Tuesday", "late Tuesday", or the possessive "Tuesday's attack" / "Thursday’s meeting".
const WEEKDAY = /(?:\b(?:on|late|early|since|last|this)\s+|\b(?=[a-z]+day['’]s\b))(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i;
const RELATIVE = /\b(yesterday|last night|today|tonight|this morning|earlier in the day)\b/i;
const DATE_DAY_MONTH = /\bon\s+(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const DATE_MONTH_DAY = /\bon\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b/i;

export function dayNumber(published: string | null): number | null {
  if (!published) return null;
  const time = Date.parse(published.slice(0, 10));
  return Number.isNaN(time) ? null : Math.floor(time / DAY_MS);
}

/**
 * The day the occurrence happened, as the text dates it against the publication day: "on Tuesday"
 * is the last Tuesday on or before it, "yesterday" the day before, "on September 11" that date.
 */
export function occurrenceDay(text: string, publishedDay: number | null): number | null {
  if (publishedDay === null) return null;
  const candidates: { at: number; day: number }[] = [];
  const weekday = WEEKDAY.exec(text);
  if (weekday) {
    const wanted = WEEKDAYS.indexOf(weekday[1]!.toLowerCase());
    const publishedWeekday = (publishedDay + 4) % 7; // 1970-01-01 was a Thursday
    candidates.push({ at: weekday.index, day: publishedDay - ((publishedWeekday - wanted + 7) % 7) });
  }
  const relative = RELATIVE.exec(text);
  if (relative) {
    const word = relative[1]!.toLowerCase();
    candidates.push({ at: relative.index, day: word === 'yesterday' || word === 'last night' ? publishedDay - 1 : publishedDay });
  }
  for (const [pattern, dayGroup, monthGroup] of [[DATE_DAY_MONTH, 1, 2], [DATE_MONTH_DAY, 2, 1]] as const) {
    const match = pattern.exec(text);
    if (!match) continue;
    const month = MONTHS.indexOf(match[monthGroup]!.slice(0, 3).toLowerCase());
    const year = new Date(publishedDay * DAY_MS).getUTCFullYear();
    const day = Math.floor(Date.UTC(year, month, Number(match[dayGroup])) / DAY_MS);
    if (Math.abs(day - publishedDay) <= 7) candidates.push({ at: match.index, day });
  }
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0]?.day ?? null;
}

// ---------------------------------------------------------------------------------------------

/** A leading dateline ("QUETTA:", "RAWALPINDI, Sep 02 (APP):") says where it was filed, not where it happened. */
const DATELINE = /^\s*[A-Z][A-Z./ -]+(?:,\s*[A-Z][a-z]+\.? \d{1,2})?(?:\s*\([A-Z]+\))?\s*:\s*/;

export interface SignatureInput {
  title: string;
  /** The opening sentences of the body, in order. */
  leadSentences: readonly string[];
  published: string | null;
  /** The whole body, for telling commentary from news; may be empty. */
  body: string;
  /** A print-edition item (Dawn's "Published in Dawn, …" footer). */
  printed: boolean;
  /** The dateline the parser found ("QUETTA"), if any. */
  dateline: string | null;
  /** Lines the parser set aside as boilerplate (footers, captions, an op-ed's author line). */
  noise?: readonly string[];
  /** The outlet's highlights (a print standfirst), read for places only. */
  highlights?: readonly string[];
}

/** Kinds whose speaker identifies the occurrence: one actor's statement, call or briefing. */
const SPEAKING = new Set<OccurrenceKind>(['reaction', 'statement', 'press-conference', 'call', 'visit', 'meeting']);

export function eventSignature(input: SignatureInput): EventSignature {
  const first = (input.leadSentences[0] ?? '').replace(DATELINE, '');
  const lead = [first, ...input.leadSentences.slice(1, 2)].join(' ');
  const both = `${input.title}\n${lead}`;
  // The office holders of the publication day: "Gandapur" is the KP chief minister only while he was.
  const day = dayNumber(input.published);
  const kind = isCommentary(input) ? 'commentary' : kindOf(input.title, lead);
  // A standfirst names where it happened even when the lead retells it from elsewhere.
  const places = placesIn([both, ...(input.highlights ?? [])].join('\n'));
  return {
    kind,
    speaker: SPEAKING.has(kind) ? speakerOf(input.title, first, day) : null,
    speakers: kind === 'reaction' ? speakersOf(input.title, first, day) : [],
    actors: actorsIn(both, day).sort(),
    places,
    regions: regionsIn(both, places),
    casualties: casualtiesIn(both),
    eventDay: occurrenceDay(lead, day),
  };
}

const PRINT_FOOTER = /\bPublished in \p{Lu}\p{L}*,/u;

/** The signature of a parsed article: what ingest stores and `brief clusters` computes. */
export function articleSignature(article: Article, sentences: readonly { text: string }[]): EventSignature {
  const body = articleBody(article);
  return eventSignature({
    title: article.title,
    leadSentences: sentences.slice(0, 3).map((s) => s.text),
    published: article.published,
    body,
    printed: article.noise.some((line) => PRINT_FOOTER.test(line)) || PRINT_FOOTER.test(body.slice(-300)),
    dateline: article.dateline,
    noise: article.noise,
    highlights: article.highlights,
  });
}
