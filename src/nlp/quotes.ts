// Direct quotations with their speakers, found once at ingest.
//
// 1. quote-marks.ts finds the text between double quotation marks.
// 2. Each span is read with the words around it in its sentence: the words after the closing mark
//    ("…,” Asif said", "…,” said the ISPR in a statement") and those before the opening mark ("Asif
//    said: “…", "according to the minister, “…", "called the attack “cowardly”"). A cue word there
//    gives a speaker mention: a name, a pronoun or a description. A passive cue ("was asked, “…?”",
//    "known as “…”") names nobody, unless its agent follows ("labeled a “…” by X"); a sentence after
//    a quotation may name its source ("That remark from X …").
// 3. A span that starts its sentence but has no cue of its own takes the speaker of the quotation
//    next to it in the paragraph ("“A,” he said. “B.”"), of a colon lead-in ending the previous
//    paragraph ("Stated Stone:"), of a signature line under it ("-Rubina Baig, Multan."), or of the
//    quotation the previous paragraph ended with.
// 4. Mentions become names: "Asif" → the fullest name the article uses ("Khawaja Asif"), "he" → the
//    last person quoted or named, "the defence minister" → the person the article gave that title.
// 5. A quotation still without a speaker gets a guess: the subject of its sentence ("the Interior
//    Ministry gave an “inaccurate” account"), else the person the sentences before it are about (of
//    the gender of a "his" or "her" in the sentence, if any). It keeps cue null, so readers can tell a
//    guess from an attribution.
// Quoted words with no cue nearby and no sentence of their own are scare quotes, titles or names of
// things, and are left out; so are short title-case spans ("Meet the Press", "Operation Zarb-e-Azb").
import type { Article } from '../domain/article.ts';
import type { AnalysedQuote, BodySentence } from '../domain/analysis.ts';
import { findQuotedSpans, type QuotedSpan } from './quote-marks.ts';
import { ArticleScan, type Choice, chooseSpeakers, gatherCandidates, type QuoteSite, type RuleReading } from './speaker-ranking.ts';
import { ARTICLES, type Cue, cueAt, cueUsedAsNoun, endsSentence, isGroupSource, isNameWord, isOrganisation, isSpaceCode, lastWordOf, leadingSubject, type Mention, mentionAfter, mentionBefore, nameBeforeComma, NameIndex, POSSESSIVE_PRONOUNS, type Referent, signatureName, SOURCE_LINKS, stripPossessive, SUBORDINATE_OPENERS, titlesOnly, type Token, tokenize, tokensWithin } from './speakers.ts';
import { isStopword } from './tokens.ts';

// How far from a quotation its attribution is looked for; keeps the work per quote bounded.
const WINDOW = 600;
const PARAGRAPH_BREAK = '\n\n';
// A paragraph that opens with a quotation and has no cue continues the last quote before it, if that
// ended within this many characters (a few short paragraphs), as news copy strings out one speech.
const CONTINUATION_REACH = 6000;
/** The pronoun that fits any referent, for a guess with no pronoun to go by. */
const ANYONE = 'they';
// How many quoted people back a pronoun may reach for one of the right gender.
const PRONOUN_LOOKBACK = 6;
// Longer than any title of a show, book or operation the title-case test is meant for.
const TITLE_CHARACTERS = 120;
// A fragment this short, inside a sentence, with nobody reported saying it, is a scare quote.
const SCARE_QUOTE_WORDS = 3;
// How many words after a closing mark a cue may sit ("…,” White House press secretary Josh Earnest said", or a
// name with a long appositive: "…,” Fred Kagan, director of the … Institute, said").
const CUE_REACH_AFTER = 28;

interface Reading {
  span: QuotedSpan;
  mention: Mention | null;
  cue: string | null;
  /** Starts its sentence (or follows a colon or comma lead-in) rather than sitting inside one. */
  standalone: boolean;
  /** Shares a sentence with the quotation before it: "a “new low” and a “bizarre attempt”". */
  followsInSentence: boolean;
  speaker: string | null;
  role: string | null;
  /** The sentence before the opening mark. */
  left: Token[];
  /** No cue and no neighbour named the speaker: it was guessed from the sentence or the one before. */
  guessed?: boolean;
  /** A cue was found, even if what it named cannot speak: the quotation is reported speech. */
  cued?: boolean;
  /** Its cue is passive ("Ali was asked, “…?”"): the speaker is nobody the text names. */
  passive?: boolean;
}

/** Index of the first token after the last full stop (abbreviations keep their period on the word). */
function lastSentenceStart(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (endsSentence(tokens[i]!)) return i + 1;
  return 0;
}

function firstWordIndex(tokens: Token[]): number {
  let i = 0;
  while (i < tokens.length && tokens[i]!.punct && tokens[i]!.text !== '.') i++;
  return i;
}

const CONTRAST_OPENERS = new Set(['while', 'whereas']);

/** "…,” Asif said" / "…,” said Khawaja Asif": a cue within the first words after the closing mark. */
function readAfter(tokens: Token[]): { mention: Mention; cue: string | null } | null {
  const first = firstWordIndex(tokens);
  // "…said she would “support the nominee,” while Sen. Collins said …": a contrasting clause has a speaker of its own.
  if (CONTRAST_OPENERS.has(tokens[first]?.lower ?? '')) return null;
  let brackets = 0;
  for (let k = first; k < tokens.length && k < first + CUE_REACH_AFTER; k++) {
    const token = tokens[k]!;
    if (token.text === '(') brackets++;
    else if (token.text === ')') brackets--;
    else if (brackets <= 0 && (endsSentence(token) || token.text === ';')) return null;
    // "…,” the report said": a cue word right after an article is a noun heading the subject; the verb comes later.
    const cue = k > first && ARTICLES.has(tokens[k - 1]!.lower) ? null : cueAt(tokens, k);
    if (!cue) continue;
    const quotedSource = quotedAsSaying(tokens, cue);
    if (quotedSource) return { mention: quotedSource, cue: cue.text };
    // "…,” said Khawaja Asif" and "…” in the 2008 primary, said Paul Beck".
    if (cue.speakerAfter && (k === first || tokens[k - 1]!.text === ',')) {
      const mention = mentionAfter(tokens, cue);
      if (mention || k === first) return mention ? { mention, cue: cue.text } : null;
    }
    // The subject must stand right after the quotation: "…,” Asif said", not "…” on his show when commenting".
    // An appositive with a clause of its own may lack its closing comma: "…,” Ayesha Siddiqa, the
    // analyst who founded the institute wrote on Monday".
    const direct = mentionBefore(tokens, cue, first);
    const mention = direct && (direct.kind !== 'nominal' || direct.start === tokens[first]!.start) ? direct : (nameBeforeComma(tokens, first) ?? direct);
    if (!mention || tokens.slice(first, k).some((t) => t.punct && t.text !== ',' && t.text !== '(' && t.text !== ')')) return null;
    return mention.kind === 'nominal' && mention.start !== tokens[first]!.start ? null : { mention, cue: cue.text };
  }
  return null;
}

// What the sentence after a quotation may call it, naming its source: "That remark from …".
const DEMONSTRATIVES = new Set(['that', 'this', 'the', 'those', 'these']);
const QUOTATION_NOUNS = new Set(['quote', 'quotation', 'remark', 'remarks', 'line', 'words', 'comment', 'comments']);
// Enough characters after the mark for "That remark from Federal Interior Minister Rana Sanaullah".
const SOURCE_REACH = 160;

/** "“….” That remark from Interior Minister Rana Sanaullah appeared …": the next sentence names the source. */
function sourceNamedAfter(tokens: Token[]): { mention: Mention; cue: string | null } | null {
  if (!DEMONSTRATIVES.has(tokens[0]?.lower ?? '') || !tokens[0]!.capital) return null;
  if (!QUOTATION_NOUNS.has(tokens[1]?.lower ?? '') || !SOURCE_LINKS.has(tokens[2]?.lower ?? '')) return null;
  const mention = mentionAfter(tokens, { index: 2, length: 1, text: tokens[2]!.lower, speakerAfter: true, speakerOnlyAfter: true });
  return mention?.kind === 'name' ? { mention, cue: `${tokens[1]!.lower} ${tokens[2]!.lower}` } : null;
}

/**
 * "Asif said: “…" / "according to the ISPR, “…" / "called the attack “cowardly”". A name or pronoun
 * beats a description ("the report said"), taking the cues from the left.
 */
function readBefore(tokens: Token[]): { mention: Mention; cue: string | null } | null {
  // A colon lead-in right after a name: "Pollsters agree - Carl Bialik: “…".
  const last = tokens.length - 1;
  if (last > 0 && tokens[last]!.text === ':') {
    const mention = mentionBefore(tokens, { index: last, length: 1, text: ':', speakerAfter: false, speakerOnlyAfter: false });
    // "Priebus later told Fox News: “…": a name a cue governs is the one spoken to.
    const at = mention ? tokens.findIndex((t) => t.start === mention.start) : -1;
    const governed = at > 0 && (cueAt(tokens, at - 1)?.speakerAfter === false || ADDRESSEE_MARKERS.has(tokens[at - 1]!.lower));
    if (mention?.kind === 'name' && !governed) return { mention, cue: ':' };
  }
  // "… quoted an unnamed source as saying, “…": the one quoted, not who quotes them.
  for (let k = last; k >= 0 && k >= last - QUOTED_OBJECT_REACH - 3; k--) {
    if (!SPEAKING_PASSIVES.has(tokens[k]!.lower)) continue;
    const quotedSource = quotedAsSaying(tokens, { index: k, length: 1, text: tokens[k]!.lower, speakerAfter: true, speakerOnlyAfter: true });
    if (quotedSource) return { mention: quotedSource, cue: tokens[k]!.lower };
    break;
  }
  // A cue right before the mark speaks it: "When Ryan said he'd quit, Trump responded, “…".
  for (let k = last; k >= 0 && k >= last - 3; k--) {
    const cue = cueAt(tokens, k);
    if (!cue || cue.speakerOnlyAfter || cueUsedAsNoun(tokens, k)) continue;
    if (isPassive(tokens, cue)) break;
    const mention = mentionBefore(tokens, cue);
    if (mention && mention.kind !== 'nominal') return { mention, cue: cue.text };
    break;
  }
  // "After Brown criticized Clinton in a debate, Hillary shot back, “…": the cue of a clause or
  // phrase set before the sentence's own is not the quotation's.
  const subordinate = SUBORDINATORS.has(tokens[0]?.lower ?? '') || OPENING_PREPOSITIONS.has(tokens[0]?.lower ?? '') ? tokens.findIndex((t) => t.text === ',') : -1;
  // "…,” Asif tweeted after Sharif argued for the second time that “…": "that" hands the quotation
  // to the nearest cue before it, not to the first of the sentence.
  if (tokens[last]?.lower === 'that') {
    for (let k = last - 1; k > subordinate; k--) {
      const cue = cueAt(tokens, k);
      // "he assured the emir in a phone call that “…”": the call is no one speaking.
      if (!cue || cue.speakerOnlyAfter || cueUsedAsNoun(tokens, k)) continue;
      const mention = mentionBefore(tokens, cue) ?? clauseSubjectBefore(tokens, cue);
      if (mention && mention.kind !== 'nominal') return { mention, cue: cue.text };
      if (mention) break;
    }
  }
  // "…,” Katz wrote on X, while Leiter told Fox News that they would “…”": a clause joined by
  // ", while" or ", but" has its own cue, and the quotation is in that clause.
  const contrast = lastContrastBoundary(tokens, subordinate + 1);
  if (contrast !== -1) {
    const found = firstCueReading(tokens, contrast + 1);
    if (found && found.mention.kind !== 'nominal') return found;
  }
  return firstCueReading(tokens, subordinate + 1);
}

// Words that open a clause of its own after a comma: what precedes them is another clause.
const CLAUSE_BOUNDARIES = new Set([...CONTRAST_OPENERS, 'but']);

// How many tokens before a quotation its clause's boundary is looked for: a bounded look back keeps
// a long comma-less sentence full of quotations linear.
const CLAUSE_REACH = 40;

/** The index of the last ", while" / ", but" / ";" in the last CLAUSE_REACH tokens (after `from`), or -1. */
function lastContrastBoundary(tokens: Token[], from: number): number {
  for (let k = tokens.length - 2; k > from && k >= tokens.length - CLAUSE_REACH; k--) {
    if (tokens[k]!.text === ';' || (tokens[k]!.text === ',' && CLAUSE_BOUNDARIES.has(tokens[k + 1]!.lower))) return tokens[k]!.text === ';' ? k : k + 1;
  }
  return -1;
}

/** The speaker of the first cue from `from` that names one; a description only when no name comes. */
function firstCueReading(tokens: Token[], from: number): { mention: Mention; cue: string | null } | null {
  let description: { mention: Mention; cue: string | null } | null = null;
  for (let k = from; k < tokens.length; k++) {
    const cue = cueAt(tokens, k);
    if (!cue || cueUsedAsNoun(tokens, k)) continue;
    const quotedSource = quotedAsSaying(tokens, cue);
    if (quotedSource) return { mention: quotedSource, cue: cue.text };
    if (isPassive(tokens, cue)) {
      // "Ali was asked by anchor Hamid Mir whether …": the agent speaks.
      const agent = tokens[k + 1]?.lower === 'by' ? mentionAfter(tokens, { ...cue, index: k + 1 }) : null;
      if (agent?.kind === 'name') return { mention: agent, cue: cue.text };
      continue;
    }
    const before = cue.speakerOnlyAfter ? null : mentionBefore(tokens, cue);
    // "used the debate to demand wealthy Americans “pay their share”": after "to" the name is the verb's object.
    const infinitive = tokens[k - 1]?.lower === 'to';
    const mention = cue.speakerOnlyAfter
      ? mentionAfter(tokens, cue)
      : ((before?.kind === 'nominal' ? issuerOf(tokens, cue, before) : null) ?? before ?? (cue.speakerAfter && !infinitive ? standingAlone(tokens, mentionAfter(tokens, cue)) : null) ?? clauseSubjectBefore(tokens, cue));
    if (!mention) continue;
    if (mention.kind !== 'nominal') return { mention, cue: cue.text };
    description ??= { mention, cue: cue.text };
  }
  return description;
}

/**
 * "Stated Stone: “…" names its speaker after the verb; "said Trump had “…" does not: there the name
 * after the verb starts what was said. Nor does a name running into the quotation: in "to demand
 * wealthy Punjabis “pay their share”" it is the one the quotation is about.
 */
function standingAlone(tokens: Token[], mention: Mention | null): Mention | null {
  if (!mention) return mention;
  let i = tokens.findIndex((t) => t.start === mention.start);
  if (i === -1) return mention;
  while (i < tokens.length && tokens[i]!.capital) i++;
  const next = tokens[i];
  return next?.punct ? mention : null;
}

const BE_FORMS = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'be']);
// Adverbs between "was" and its participle: "was later asked", "was repeatedly called".
const PASSIVE_ADVERBS = new Set(['also', 'later', 'again', 'then', 'once', 'never', 'not', 'often', 'first', 'even', 'still', 'widely']);
// "was quoted as saying": the subject of these passives is the speaker after all.
const SPEAKING_PASSIVES = new Set(['quoted', 'cited']);
// How many words "quoted X as saying" may hold between "quoted" and "as".
const QUOTED_OBJECT_REACH = 10;

/**
 * "the agency quoted judiciary spokesman X as saying", "a report quoted an unnamed source as saying":
 * the one quoted is the object, after the verb; who quotes them only passes the words on.
 */
function quotedAsSaying(tokens: Token[], cue: Cue): Mention | null {
  if (!SPEAKING_PASSIVES.has(tokens[cue.index]!.lower)) return null;
  const end = Math.min(tokens.length - 1, cue.index + QUOTED_OBJECT_REACH);
  for (let k = cue.index + 2; k < end; k++) {
    if (tokens[k]!.punct && tokens[k]!.text !== '.') return null;
    if (tokens[k]!.lower === 'as' && tokens[k + 1]!.lower.endsWith('ing')) {
      return mentionAfter(tokens, { ...cue, speakerAfter: true, speakerOnlyAfter: true });
    }
  }
  return null;
}

/**
 * "Ali was asked, “…?”", "Dar was said to be “furious”", "what is called a “debate”": the subject
 * of a passive cue is spoken to or about, not the speaker.
 */
function isPassive(tokens: Token[], cue: Cue): boolean {
  const verb = tokens[cue.index]!.lower;
  if (cue.length !== 1 || verb.endsWith('ing') || SPEAKING_PASSIVES.has(verb)) return false;
  let k = cue.index - 1;
  while (k >= 0 && k > cue.index - 3 && (PASSIVE_ADVERBS.has(tokens[k]!.lower) || tokens[k]!.lower.endsWith('ly'))) k--;
  // "the probe — often labeled as a “witch hunt”": a participle with no subject of its own, naming.
  if (verb.endsWith('ed') && tokens[cue.index + 1]?.lower === 'as' && (k < 0 || tokens[k]!.punct)) return true;
  return BE_FORMS.has(tokens[k]?.lower ?? '');
}

/**
 * Whether the cue nearest the quotation is passive: nobody the sentence names before the quotation
 * is reported saying it ("Ali was asked, “…?”", "was asked by the anchor, “…?”"); an agent named
 * after it may be (agentAfter). An earlier cue belongs to another clause ("…, which was reported,
 * and Ali said “…").
 */
function endsInPassive(tokens: Token[]): boolean {
  // "Lazar, known online as “Guccifer”", "the bill, known as the “…”": a name the thing goes by.
  let last = tokens.length - 1;
  if (ARTICLES.has(tokens[last]?.lower ?? '')) last--;
  if (tokens[last]?.lower === 'as' && (tokens[last - 1]?.lower === 'known' || tokens[last - 2]?.lower === 'known')) return true;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const cue = cueAt(tokens, k);
    if (cue) return isPassive(tokens, cue);
  }
  return false;
}

// How many characters after a quotation its passive's agent ("… by Democrats") is looked for.
const AGENT_REACH = 80;

/** "by Democrats", "by Foreign Minister Ishaq Dar": a name right after "by". */
function agentAfter(tokens: Token[]): Mention | null {
  if (tokens[0]?.lower !== 'by') return null;
  const agent = mentionAfter(tokens, { index: 0, length: 1, text: 'by', speakerAfter: true, speakerOnlyAfter: false });
  return agent?.kind === 'name' ? agent : null;
}

// Participles that name a document's author after "by": "an analysis published by Dawn".
const AUTHORED = new Set(['published', 'issued', 'released', 'written', 'prepared', 'compiled', 'authored']);
// How many tokens before a passive's quotation the document it cites is looked for.
const DOCUMENT_REACH = 20;
// Documents a passive's sentence may cite: "it was observed in the analysis".
const CITED_DOCUMENTS = new Set(['analysis', 'report', 'statement', 'letter', 'judgement', 'judgment', 'editorial', 'study', 'notification']);

/**
 * In a passive's sentence ("it was noted in an analysis published by Dawn that"), the document cited
 * with "in": its author when named after "by", else "the analysis" itself for the ranking to resolve.
 */
function documentIn(tokens: Token[]): Mention | null {
  // The passive's own words only: a bounded look back keeps a long sentence of quotations linear.
  for (let k = tokens.length - 1; k >= Math.max(2, tokens.length - DOCUMENT_REACH); k--) {
    if (!CITED_DOCUMENTS.has(tokens[k]!.lower)) continue;
    const determiner = tokens[k - 1]!.lower;
    if (tokens[k - 2]!.lower !== 'in' || !ARTICLES.has(determiner)) continue;
    if (tokens[k + 2]?.lower === 'by' && AUTHORED.has(tokens[k + 1]!.lower)) return agentAfter(tokens.slice(k + 2));
    return determiner === 'the' ? { kind: 'nominal', text: `the ${tokens[k]!.lower}`, role: null, start: tokens[k - 1]!.start } : null;
  }
  return null;
}

// Particles of a phrasal verb: "sent out a press release".
const VERB_PARTICLES = new Set(['out', 'up', 'off']);

/**
 * A participle right after its verb's object speaks for the verb's subject: in "the council issued a
 * statement calling it …" or "her campaign sent out a press release saying", the statement is what
 * was issued, and the council or she is the one speaking.
 */
function issuerOf(tokens: Token[], cue: Cue, object: Mention): Mention | null {
  if (!tokens[cue.index]!.lower.endsWith('ing')) return null;
  let verb = tokens.findIndex((t) => t.start === object.start) - 1;
  if (VERB_PARTICLES.has(tokens[verb]?.lower ?? '')) verb--;
  const token = tokens[verb];
  if (!token || token.punct || token.capital || isStopword(token.lower)) return null;
  return mentionBefore(tokens, { index: verb, length: 1, text: token.lower, speakerAfter: false, speakerOnlyAfter: false });
}

// What stands between a clause's subject and a second verb of it: "…, saying", "but now said".
const CLAUSE_CONTINUERS = new Set([',', 'but', 'and', 'now', 'also']);

/**
 * A participle's or second verb's speaker is its clause's subject: "Rep. Hakeem Jeffries (D-N.Y.)
 * reacted to the news, saying: “…" → the nearest name before the cue that is followed by its verb.
 */
function clauseSubjectBefore(tokens: Token[], cue: Cue): Mention | null {
  if (!CLAUSE_CONTINUERS.has(tokens[cue.index - 1]?.lower ?? '')) return null;
  for (let k = cue.index - 2; k >= 0; k--) {
    if (k > 0 && !tokens[k - 1]!.punct) continue;
    // "… in Tulsa, Oklahoma, arguing": a name standing right before the cue's comma has no verb of its own.
    if (tokens[k - 1]?.text === ',' && tokens.slice(k, cue.index - 1).every((t) => t.capital)) continue;
    const subject = leadingSubject(tokens.slice(k, cue.index));
    if (subject?.kind === 'name') return subject;
  }
  return describedSubject(tokens, cue);
}

// How many words a described subject may hold before its verb: "The martyred officer's father expressed".
const DESCRIBED_SUBJECT_WORDS = 5;

/**
 * "The martyred officer's father expressed pride …, stating, “…": a description opening the
 * sentence, ended by its verb, speaks the participle after it; kept as the text's words.
 */
function describedSubject(tokens: Token[], cue: Cue): Mention | null {
  const first = tokens[0];
  if (!first?.capital || !DESCRIPTION_OPENERS.has(first.lower)) return null;
  for (let k = 1; k < cue.index && k <= DESCRIBED_SUBJECT_WORDS; k++) {
    const token = tokens[k]!;
    if (token.punct || token.capital) return null;
    // Its verb: a past form or a cue ("expressed", "said").
    if (k > 1 && (token.lower.endsWith('ed') || cueAt(tokens, k))) {
      return { kind: 'nominal', text: tokens.slice(0, k).map((t) => t.text).join(' '), role: null, start: first.start };
    }
  }
  return null;
}
const DESCRIPTION_OPENERS = new Set(['the', 'his', 'her', 'their']);

/**
 * No cue: the subject opening the sentence ("Cruz blamed the law on “knuckleheaded politicians”"),
 * the likeliest speaker of a fragment quoted inside it.
 */
function subjectOf(tokens: Token[], names: NameIndex): { mention: Mention; cue: string | null } | null {
  // "In a Fox interview later that day, Trump went even further: “…": past an opening phrase.
  if (INTRODUCTORY.has(tokens[0]?.lower ?? '')) {
    for (let c = 1; c < tokens.length; c++) {
      const next = tokens[c + 1];
      if (tokens[c]!.text !== ',' || !next || (!SUBJECT_PRONOUNS.has(next.lower) && (!next.capital || isStopword(next.lower)))) continue;
      const subject = leadingSubject(tokens.slice(c + 1));
      if (subject && (subject.kind === 'pronoun' || (subject.kind === 'name' && names.isName(subject.text)))) return { mention: subject, cue: null };
    }
    return null;
  }
  const mention = leadingSubject(tokens);
  // "Asked about it, …" and "However, …" open sentences too; a name also appears inside one.
  if (!mention || (mention.kind === 'name' && !names.isName(mention.text))) return null;
  return { mention, cue: null };
}

const SUBJECT_PRONOUNS = new Set(['he', 'she']);
// Words that, capitalised right after a question or exclamation, open a new sentence: "…?” He
// answered", "…?” Her critics cited it". A name may still go on the same one: "“Really?” Asif asked".
const ANSWER_OPENERS = new Set(['he', 'she', 'they', 'we', 'i', 'it', 'his', 'her', 'their', 'its', 'our', 'my', 'the', 'a', 'an', 'this', 'that', 'these', 'those']);
// Words before a name that make it the one spoken to: "told Fox News:", "speaking to Geo:".
const ADDRESSEE_MARKERS = new Set(['to', 'with']);
// Determiners of a description that brings in someone new: "a spokesman", "one aide".
const INDEFINITE = new Set(['a', 'an', 'one', 'another', 'some', 'several', 'two', 'three']);
// Prepositions opening a phrase set before the subject, whose nouns are no cues: "In TV interviews
// and tweets, Khan has argued …" is not "tweets" said by "TV".
const OPENING_PREPOSITIONS = new Set(['in', 'at', 'on', 'during', 'with', 'from', 'following', 'despite', 'amid']);
// Words opening a clause set before the main one: "After X criticised Y, Z said". Not "as": "As X
// put it, “…" is X's; nor "asked" and "whether", whose clause holds no cue of its own.
const SUBORDINATORS: ReadonlySet<string> = new Set([...SUBORDINATE_OPENERS].filter((word) => !['as', 'asked', 'whether'].includes(word)));
// Prepositions and participles that open a sentence with a phrase before its subject.
const INTRODUCTORY = new Set(['in', 'at', 'on', 'after', 'before', 'during', 'with', 'from', 'following', 'despite', 'since', 'by', 'for', 'preceded', 'asked', 'speaking', 'writing', 'addressing', 'appearing', 'earlier', 'later', 'meanwhile', 'still', 'yet', 'instead', 'afterward', 'afterwards']);

// How many words after a quotation the main clause's subject may start.
const MAIN_SUBJECT_REACH = 12;

/** The subject opening the tokens or following a comma in them, before the sentence ends. */
function mainSubjectAfter(tokens: Token[], names: NameIndex): { mention: Mention; cue: string | null } | null {
  for (let k = 0; k < tokens.length && k < MAIN_SUBJECT_REACH; k++) {
    if (endsSentence(tokens[k]!)) return null;
    if (k > 0 && tokens[k - 1]!.text !== ',') continue;
    const subject = leadingSubject(tokens.slice(k, k + MAIN_SUBJECT_REACH));
    if (subject && (subject.kind === 'pronoun' || (subject.kind === 'name' && names.isName(subject.text)))) return { mention: subject, cue: null };
  }
  return null;
}

function endsWithColon(tokens: Token[]): boolean {
  return tokens[tokens.length - 1]?.text === ':';
}

/** Every significant word capitalised and no clause: the title of a show, a book, an operation. */
function isTitleLike(text: string): boolean {
  if (text.length > TITLE_CHARACTERS) return false;
  let words = 0;
  let significant = 0;
  // A scan by character code: every quotation asks, and Unicode patterns per word cost more.
  for (let i = 0; i < text.length; ) {
    while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
    const word = wordShape(text, start, i);
    if (word.letters === '') continue;
    if (++words > 8) return false;
    if (isStopword(word.letters)) continue;
    significant++;
    // One significant word in lower case settles it, whatever follows: most quotations are prose.
    if (!word.capitalFirst) return false;
  }
  return words >= 2 && significant > 0;
}

/**
 * The letters of text[start, end) in lower case, and whether its first letter is a capital. ASCII
 * words are read by code; any other falls back to Unicode patterns.
 */
function wordShape(text: string, start: number, end: number): { letters: string; capitalFirst: boolean } {
  let letters = '';
  let capitalFirst = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) {
      const word = text.slice(start, end);
      return { letters: word.toLowerCase().replace(NOT_LETTERS, ''), capitalFirst: CAPITAL_FIRST.test(word) };
    }
    const upper = code >= 65 && code <= 90;
    if (!upper && !(code >= 97 && code <= 122)) continue;
    if (letters === '') capitalFirst = upper;
    letters += text[i]!;
  }
  return { letters: letters.toLowerCase(), capitalFirst };
}

const NOT_LETTERS = /[^\p{L}]/gu;
const CAPITAL_FIRST = /^[^\p{L}]*\p{Lu}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** Runs of letters and digits in text, counted up to `atLeast`. */
function wordCount(text: string, atLeast: number): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let wordChar: boolean;
    if (code < 128) wordChar = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    else {
      // Sticky at i, so a letter outside the basic plane is read whole.
      LETTER_OR_DIGIT.lastIndex = i;
      wordChar = LETTER_OR_DIGIT.test(text);
      if (wordChar && code >= 0xd800 && code <= 0xdbff) i++;
    }
    if (wordChar && !inWord && ++count >= atLeast) return count;
    inWord = wordChar;
  }
  return count;
}

/**
 * `_sentences` are not used: a quotation's attribution is read across the sentence boundaries a
 * splitter draws inside quotations ("“Really?” he asked."), so quotes find their own clause limits.
 * Nor is the title: a title-case headline makes every word look like a name ("Clinton Wades In,
 * Urges Britain"), and the body names its speakers in full anyway.
 */
export function extractQuotes(article: Pick<Article, 'title'>, body: string, sentences: BodySentence[]): AnalysedQuote[] {
  const { quotes, sites } = extractQuoteSites(article, body, sentences);
  return withChosenSpeakers(quotes, chooseSpeakers(sites));
}

/** The quotations with the speakers the ranking chose, and how sure it was. */
export function withChosenSpeakers(quotes: AnalysedQuote[], choices: Choice[]): AnalysedQuote[] {
  return quotes.map((quote, i) => {
    const choice = choices[i]!;
    const changed = choice.speaker !== quote.speaker;
    // What the rules read ("the DIG", "the military's media wing") is another name for whom the ranking chose.
    const forms = changed && quote.speaker && choice.speaker ? [quote.speaker] : [];
    // The quote's keys in their order, then the new ones, as `{ ...quote, speaker, role, confidence }`
    // would make it: a spread followed by a key the source lacks runs V8's slow path (~0.5 µs).
    const chosen: AnalysedQuote = Object.assign({}, quote);
    chosen.speaker = choice.speaker;
    chosen.role = changed ? choice.role : (quote.role ?? choice.role);
    chosen.confidence = choice.confidence;
    // Set after, as spreading a one-key object would (no second object spread per quotation).
    if (forms.length) chosen.speakerForms = forms;
    return chosen;
  });
}

/**
 * The quotations with the rules' speakers, and for each the candidates the speaker ranking chooses
 * from: what extractQuotes, `brief quotes --explain` and the weight fitting share.
 */
export function extractQuoteSites(_article: Pick<Article, 'title'>, body: string, _sentences: BodySentence[]): { quotes: AnalysedQuote[]; sites: QuoteSite[] } {
  const spans = findQuotedSpans(body);
  if (spans.length === 0) return { quotes: [], sites: [] };
  // Nothing after the last quotation's reading window can attribute it. Names there could only
  // lengthen one already seen ("Asif" → "Khawaja Asif"), and news gives the full name first, so the
  // text past it is not tokenized.
  const lastClose = spans[spans.length - 1]!.close;
  const tokens = tokenize(body, 0, lastClose === -1 ? body.length : Math.min(body.length, lastClose + 1 + WINDOW));
  const names = new NameIndex(tokens, spans, body);

  // Whether each span reads as a title, and whether it is a fragment of a few words, worked out
  // when first asked (1 yes, 2 no): the reading of the quotation before it may ask too.
  const titles = new Uint8Array(spans.length);
  const fragments = new Uint8Array(spans.length);
  const titleLike = (k: number): boolean => (titles[k] ||= isTitleLike(spans[k]!.text) ? 1 : 2) === 1;
  const fragment = (k: number): boolean => (fragments[k] ||= wordCount(spans[k]!.text, SCARE_QUOTE_WORDS) < SCARE_QUOTE_WORDS ? 1 : 2) === 1;
  // "Ted Cruz", "rigged": a title or a fragment.
  const isTitleOrFragment = (k: number): boolean => titleLike(k) || fragment(k);
  const readings: Reading[] = spans.map((span, i) => {
    const previous = spans[i - 1];
    const next = spans[i + 1];
    const previousInParagraph = previous && previous.close >= span.paragraphStart ? previous : null;
    const leftFrom = Math.max(span.paragraphStart, span.open - WINDOW, previousInParagraph ? previousInParagraph.close + 1 : 0);
    const before = tokensWithin(tokens, leftFrom, span.open);
    const sentenceStart = lastSentenceStart(before);
    const left = before.slice(sentenceStart);
    const followsInSentence = previousInParagraph !== null && sentenceStart === 0 && !endsWithMark(previousInParagraph.text, '.!?');
    // The subject fallback needs the sentence from its start, not a window cut inside it.
    const leftIsWholeClause = sentenceStart > 0 || leftFrom > span.open - WINDOW;
    let found: { mention: Mention; cue: string | null } | null = null;
    // "…do so.” Morris says the campaign…": after a full stop inside the marks a new sentence begins.
    if (span.close !== -1 && !endsWithMark(span.text, '.')) {
      const paragraphEnd = body.indexOf(PARAGRAPH_BREAK, span.close);
      // "…,” Texas delegate Bill Eastland, wearing a “Ted Cruz” badge, said": a short quotation after
      // the mark is part of the words to read, not the start of the next attribution.
      let stop = i + 1;
      while (spans[stop] && spans[stop]!.open < span.close + 1 + WINDOW && isTitleOrFragment(stop)) stop++;
      const rightTo = Math.min(span.close + 1 + WINDOW, paragraphEnd === -1 ? body.length : paragraphEnd, spans[stop] ? spans[stop]!.open : body.length);
      const after = tokensWithin(tokens, span.close + 1, rightTo);
      // "…was asked, “Would you?” He answered, “…”", "…?” His critics cited it": after a question or
      // exclamation, a capitalised pronoun or determiner starts a new sentence, not the attribution.
      if (!(endsWithMark(span.text, '?!') && after[0]?.capital && ANSWER_OPENERS.has(after[0].lower))) found = readAfter(after);
    } else if (span.close !== -1) {
      found = sourceNamedAfter(tokensWithin(tokens, span.close + 1, Math.min(span.close + 1 + SOURCE_REACH, next ? next.open : body.length)));
    }
    const foundAfter = found !== null;
    const lastLeft = left[left.length - 1];
    const standalone = !lastLeft || lastLeft.text === ':' || lastLeft.text === ',' || lastLeft.text === '—';
    found ??= readBefore(left);
    // "Ali was asked, “…?”": spoken to, by someone the sentence does not name.
    const passive = !found && endsInPassive(left);
    const cued = found !== null || passive;
    if (found?.mention.kind === 'nominal' && !speaksAsDescribed(found.mention.text)) found = null;
    if (passive) {
      // "often labeled a “witch hunt” by Democrats": the agent may follow the quotation.
      // "it was noted in an analysis published by Dawn that the “…”": the document's author; "it was
      // observed in the analysis": the document, whose issuer the ranking looks up.
      const agent = (span.close === -1 ? null : agentAfter(tokensWithin(tokens, span.close + 1, span.close + 1 + AGENT_REACH))) ?? documentIn(left);
      if (agent) return { span, mention: agent, cue: 'by', standalone, followsInSentence, speaker: null, role: null, left, cued };
      return { span, mention: null, cue: null, standalone, followsInSentence, speaker: null, role: null, left, cued, passive };
    }
    // "Calling Ross “exactly the partner I need,” Mrs. Clinton upbraided Burr": a participle opens the
    // sentence, and its subject is the main clause's, after the quotation; the names inside the
    // participle's phrase ("Calling Mr. Burr’s Democratic challenger, …") are its objects.
    if (!found && leftIsWholeClause && left[0]?.capital && left[0].lower.endsWith('ing') && span.close !== -1) {
      const paragraphEnd = body.indexOf(PARAGRAPH_BREAK, span.close);
      found = mainSubjectAfter(tokensWithin(tokens, span.close + 1, Math.min(span.close + 1 + WINDOW, paragraphEnd === -1 ? body.length : paragraphEnd)), names);
    }
    if ((!found || (found.mention.kind === 'nominal' && !foundAfter)) && leftIsWholeClause && !followsInSentence) found = subjectOf(left, names) ?? found;
    // A quotation opening its sentence after an attributed one: "…, Moore told CBS News. “There’s no…”".
    if (!found && left.length === 0 && sentenceStart > 0) {
      const earlier = before.slice(lastSentenceStart(before.slice(0, sentenceStart - 1)), sentenceStart - 1);
      found = readBefore(earlier);
    }
    return { span, mention: found?.mention ?? null, cue: found?.cue ?? null, standalone, followsInSentence, speaker: null, role: null, left, cued };
  });

  // "is described as a “riveting book” that “takes readers …”": the rest of a passive sentence is nobody's either.
  readings.forEach((reading, i) => {
    if (!reading.mention && reading.followsInSentence && readings[i - 1]?.passive) reading.passive = reading.cued = true;
  });

  // Speakers in document order, so a pronoun finds the person quoted or named just before it.
  const quotedPeople: Named[] = [];
  const quotedOrganisations: Named[] = [];
  // Everyone quoted so far, with the sentence of the mention: what "he said" most often refers to.
  const speakersSoFar: Referent[] = [];
  const resolve = (reading: Reading): void => {
    const { mention } = reading;
    if (!mention) return;
    if (mention.kind === 'name') {
      reading.speaker = names.canonical(mention.text);
      reading.role = names.role(reading.speaker) ?? cleanRole(mention.role);
      // "Deputy Prime Minister and Foreign Minister (DPM/FM), Senator Ishaq Dar condemned": the office
      // read as a name is the role noun it spells, for the holder to be found.
      if (titlesOnly(reading.speaker)) reading.speaker = `the ${reading.speaker.toLowerCase()}`;
    } else if (mention.kind === 'pronoun') {
      const organisation = mention.text === 'it' || mention.text === 'they';
      if (mention.text === 'he' || mention.text === 'she') {
        const referent = names.referent(Math.min(mention.start, reading.span.open), mention.text, speakersSoFar);
        if (referent) {
          reading.speaker = referent.name;
          reading.role = names.role(referent.name);
          return;
        }
      }
      const quoted = lastFitting(organisation ? quotedOrganisations : quotedPeople, (name) => names.fitsPronoun(name, mention.text));
      reading.speaker = nearer(quoted, names.subjectBefore(mention.start, organisation, mention.text))?.name ?? null;
      if (reading.speaker) reading.role = names.role(reading.speaker);
    } else {
      // "the minister" is someone named before; "a NY1 representative" someone new; "police" (an
      // unnamed source) is cited as the text names it, not as the officer whose title holds the word.
      // Only a holder named before: "the captain" is not the other side's captain the article names later.
      const titled = INDEFINITE.has(mention.text.split(' ', 1)[0]!.toLowerCase()) || isGroupSource(mention.text) ? [] : names.byRole(mention.text).filter((name) => names.firstMentionOf(name) < mention.start);
      reading.speaker = titled.length === 1 ? titled[0]! : mention.text;
      reading.role = titled.length === 1 ? names.role(titled[0]!) : cleanRole(mention.role);
    }
  };
  const remember = (reading: Reading): void => {
    if (reading.speaker && reading.mention && reading.mention.kind !== 'nominal' && !isOrganisation(reading.speaker)) {
      speakersSoFar.push({ start: reading.mention.start, name: reading.speaker, subject: true });
    }
    if (!reading.speaker || reading.mention?.kind !== 'name') return;
    (isOrganisation(reading.speaker) ? quotedOrganisations : quotedPeople).push({ name: reading.speaker, start: reading.mention.start });
  };
  for (const reading of readings) {
    resolve(reading);
    remember(reading);
  }

  // Quotations with no cue of their own take the speaker of their neighbour or lead-in.
  readings.forEach((reading, i) => {
    if (reading.mention || reading.passive || !(reading.standalone || reading.followsInSentence)) return;
    const { span } = reading;
    const previous = readings[i - 1];
    const next = readings[i + 1];
    const samePrevious = previous && previous.span.paragraphStart === span.paragraphStart ? previous : null;
    const sameNext = next && next.span.paragraphStart === span.paragraphStart ? next : null;
    let source = samePrevious?.speaker ? samePrevious : sameNext?.speaker ? sameNext : null;
    if (!source && span.open === firstNonSpace(body, span.paragraphStart)) {
      source = signedBelow(body, tokens, span, names) ?? leadIn(body, tokens, span, names) ?? (previous?.speaker && previous.span.end >= span.paragraphStart - CONTINUATION_REACH ? previous : null);
    }
    if (source) {
      reading.speaker = source.speaker;
      reading.role = source.role;
      reading.cue = source.cue;
    }
  });

  // Still nobody: the person the sentence or the one before it is about.
  readings.forEach((reading) => {
    if (reading.speaker || reading.mention || reading.passive) return;
    reading.guessed = true;
    // Only people named before the quotation: the lists of speakers now hold the whole article.
    const subject = anySubject(reading.left, names);
    let guess: string | null = null;
    if (subject?.kind === 'name') guess = names.canonical(subject.text);
    else if (subject?.text === 'he' || subject?.text === 'she') guess = names.referent(subject.start, subject.text, speakersSoFar)?.name ?? null;
    else if (subject?.kind === 'pronoun') guess = names.subjectBefore(subject.start, true, subject.text)?.name ?? null;
    // "Reprising one of her own lines, the former secretary talked about “…”": a possessive in the
    // sentence tells the gender of whom it is about.
    const possessive = subject ? undefined : reading.left.find((t) => t.lower === 'her' || t.lower === 'his');
    if (possessive) guess ??= names.referent(reading.span.open, POSSESSIVE_PRONOUNS.get(possessive.lower)!, speakersSoFar)?.name ?? null;
    // "they" asks for anyone: a person of either gender, or a group.
    guess ??= names.referent(reading.span.open, ANYONE, speakersSoFar)?.name ?? null;
    if (guess) {
      reading.speaker = guess;
      reading.role = names.role(guess);
    }
  });

  const out: AnalysedQuote[] = [];
  const sites: QuoteSite[] = [];
  const scan = new ArticleScan(body, names);
  for (const [i, reading] of readings.entries()) {
    const { span } = reading;
    if (!reading.standalone && titleLike(i)) continue;
    const attributed = reading.cued || (!reading.guessed && (reading.speaker !== null || reading.mention !== null));
    if (!attributed && !reading.standalone && fragment(i)) continue;
    const ruleReading: RuleReading = {
      open: span.open,
      paragraphStart: span.paragraphStart,
      mention: reading.mention,
      cue: reading.cue,
      speaker: reading.speaker,
      role: reading.role,
      guessed: reading.guessed === true,
      passive: reading.passive === true,
      cued: reading.cue !== null,
    };
    sites.push({ open: span.open, paragraphStart: span.paragraphStart, cued: ruleReading.cued, passive: ruleReading.passive, candidates: gatherCandidates(ruleReading, scan) });
    out.push({
      index: out.length,
      text: span.text,
      speaker: reading.speaker,
      role: reading.role,
      cue: reading.cue,
      partial: !reading.standalone,
      start: span.start,
      end: span.end,
    });
  }
  return { quotes: out, sites };
}

interface Named {
  name: string;
  start: number;
}

/** The later of two candidates. */
function nearer(a: Named | null, b: Named | null): Named | null {
  if (!a || !b) return a ?? b;
  return a.start >= b.start ? a : b;
}

/** The last candidate that passes `fits`, looking back a few. */
function lastFitting(candidates: Named[], fits: (name: string) => boolean): Named | null {
  for (let i = candidates.length - 1; i >= 0 && i >= candidates.length - PRONOUN_LOOKBACK; i--) {
    if (fits(candidates[i]!.name)) return candidates[i]!;
  }
  return null;
}

/**
 * Whether the last character of `text` that is not white space is one of `marks`: what
 * /[marks]\s*$/ tests, read back from the end instead of scanning a long quotation from its start.
 */
function endsWithMark(text: string, marks: string): boolean {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return end > 0 && marks.includes(text[end - 1]!);
}

function firstNonSpace(body: string, from: number): number {
  let i = from;
  while (i < body.length && /\s/.test(body[i]!)) i++;
  return i;
}

/** The speaker of a colon lead-in closing the previous paragraph ("Stated Stone:"). */
function leadIn(body: string, bodyTokens: Token[], span: QuotedSpan, names: NameIndex): Reading | null {
  const end = span.paragraphStart - PARAGRAPH_BREAK.length;
  if (end <= 0 || body.slice(end, span.paragraphStart) !== PARAGRAPH_BREAK) return null;
  const tokens = tokensWithin(bodyTokens, Math.max(0, end - WINDOW), end);
  if (!endsWithColon(tokens)) return null;
  const found = readBefore(tokens.slice(lastSentenceStart(tokens)));
  if (!found || found.mention.kind !== 'name') return null;
  const speaker = names.canonical(found.mention.text);
  return { span, mention: found.mention, cue: found.cue, standalone: true, followsInSentence: false, speaker, role: names.role(speaker) ?? cleanRole(found.mention.role), left: [] };
}

// Dashes a signature line may open with: "-Ayesha Siddiqa, Lahore."
const SIGNATURE_DASHES = new Set(['-', '—', '–']);

/**
 * The speaker signed in the paragraph after a quotation that fills its own: "“…”" then "-Ayesha
 * Siddiqa, Lahore.", the way a page of quotable lines or a pull quote names who said each.
 */
function signedBelow(body: string, bodyTokens: Token[], span: QuotedSpan, names: NameIndex): Reading | null {
  const breakAt = body.indexOf(PARAGRAPH_BREAK, span.end);
  if (breakAt === -1 || /[\p{L}\p{N}]/u.test(body.slice(span.end, breakAt))) return null;
  const start = firstNonSpace(body, breakAt);
  const end = body.indexOf(PARAGRAPH_BREAK, start);
  const dashed = SIGNATURE_DASHES.has(body[start] ?? '');
  const line = tokensWithin(bodyTokens, start, end === -1 ? body.length : end);
  const mention = signatureName(dashed && line[0]?.punct ? line.slice(1) : line, dashed);
  if (!mention) return null;
  const speaker = names.canonical(mention.text);
  return { span, mention, cue: null, standalone: true, followsInSentence: false, speaker, role: names.role(speaker) ?? cleanRole(mention.role), left: [] };
}

/** "the defence minister" → "defence minister": a role reads without its article. */
function cleanRole(role: string | null): string | null {
  if (!role) return null;
  const cleaned = role.replace(/^(the|a|an)\s+/i, '').trim();
  return cleaned || null;
}

/** The first clause subject of the sentence, at its start or after a comma: a guess for an unattributed quotation. */
function anySubject(left: Token[], names: NameIndex): Mention | null {
  for (let k = 0; k < left.length; k++) {
    if (k > 0 && left[k - 1]!.text !== ',') continue;
    const subject = leadingSubject(left.slice(k));
    // "Two years before the leak, …": a capitalised word opening the sentence is not a name by that alone.
    if (subject && (subject.kind !== 'name' || names.isName(subject.text))) return subject;
    // "Clark’s comments further “…”": the owner, if the article uses it as a name ("Monday’s" is not one).
    const token = left[k]!;
    const owner = stripPossessive(token.text);
    if (token.capital && token.possessive && isNameWord(owner) && names.isName(owner)) return { kind: 'name', text: owner, role: null, start: token.start };
  }
  return null;
}

/**
 * Whether a description can be the one speaking: not one cut off at a function word, as a window
 * ending mid-phrase leaves it ("a court document filed by", "His comments came after being").
 */
function speaksAsDescribed(description: string): boolean {
  const last = stripPossessive(lastWordOf(description).toLowerCase());
  return !isStopword(last);
}
