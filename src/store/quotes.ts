// Quotations as stored at ingest, searched by speaker, topic, date and article, and a speaker index in
// memory for autocomplete. A guild sees the quotes of its own articles and of the shared ones.
import type { AnalysedQuote } from '../domain/analysis.ts';
import type { Db } from './db.ts';
import { articleDateSql, visibleTo } from './rules.ts';
import { canSee, type Scope, scopeKey } from '../domain/scope.ts';
import type { StoryMatch } from './topics.ts';

export interface QuoteFilter {
  /** Canonical speaker names, as the speaker index gives them; any of them matches. */
  speakers?: string[];
  topic?: StoryMatch;
  /** ISO date: only articles published (or added) on or after it. */
  since?: string;
  articleId?: number;
}

/** A stored quotation, without its offsets, and the article it came from. */
export interface FoundQuote extends Omit<AnalysedQuote, 'start' | 'end'> {
  articleId: number;
  title: string;
  url: string | null;
  outlet: string | null;
  date: string;
}

/** What the quotes of one scope ('shared' or a guild id) say of a speaker. */
interface SpeakerInScope {
  quotes: number;
  role: string | null;
  /** Lower-case words of the name, role and other forms that a typed prefix may match ("asif", "defence"). */
  aliases: string[];
}

/** A speaker as autocomplete knows them: per scope, so a guild sees only what its articles say. */
export interface SpeakerEntry {
  name: string;
  scopes: Map<string, SpeakerInScope>;
}

export interface SpeakerRow {
  speaker: string;
  scope: string;
  n: number;
  role: string | null;
}

/** The speaker index of either engine, from per-(speaker, scope) counts and roles and the other forms. */
export function speakerEntries(rows: SpeakerRow[], forms: { speaker: string; scope: string; forms: string }[]): SpeakerEntry[] {
  const formsOf = new Map(forms.map((r) => [`${r.scope}\u0000${r.speaker}`, r.forms]));
  const byName = new Map<string, SpeakerEntry>();
  for (const row of rows) {
    let entry = byName.get(row.speaker);
    if (!entry) byName.set(row.speaker, (entry = { name: row.speaker, scopes: new Map() }));
    const aliases = aliasesOf(row.speaker, row.role, formsOf.get(`${row.scope}\u0000${row.speaker}`) ?? null);
    entry.scopes.set(row.scope, { quotes: row.n, role: row.role, aliases });
  }
  return [...byName.values()];
}

/**
 * Speakers the scope has quotes from whose name or role matches what was typed: the whole text
 * inside the name, or a word of it at the start of an alias ("asif", "khaw", "defence min"), reading
 * only the shared collection's and the scope's own quotes. Most-quoted first.
 */
export function matchSpeakerEntries(entries: SpeakerEntry[], scope: Scope, typed: string, limit: number): { name: string; role: string | null; quotes: number }[] {
  const text = typed.trim().toLowerCase();
  const words = text.split(/[\s.,'’-]+/).filter(Boolean);
  // Honorifics may be left out of either side, as long as one word that is not one matches.
  const named = words.filter((w) => !HONORIFICS.has(w));
  const out: { name: string; role: string | null; quotes: number }[] = [];
  for (const entry of entries) {
    const visible = [...entry.scopes].filter(([key]) => canSee(scope, key)).map(([, seen]) => seen);
    const quotes = visible.reduce((n, seen) => n + seen.quotes, 0);
    if (quotes === 0) continue;
    const fits = (w: string): boolean => visible.some((seen) => seen.aliases.some((a) => a.startsWith(w)));
    const matches = !text || entry.name.toLowerCase().includes(text) || words.every(fits) || (named.length > 0 && named.every(fits));
    // The guild's own articles name the role first; the shared collection's otherwise.
    const role = entry.scopes.get(scopeKey(scope))?.role ?? visible.find((seen) => seen.role !== null)?.role ?? null;
    if (matches) out.push({ name: entry.name, role, quotes });
  }
  return out.sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name)).slice(0, limit);
}

const DATE = articleDateSql('a');
/** A role the quotes of this (speaker, scope) group give, read within the scope: SQL shared by both engines. */
export const ROLE_IN_SCOPE = `(SELECT q2.role FROM quotes q2 JOIN articles a2 ON a2.id = q2.article_id
  WHERE q2.speaker = q.speaker AND a2.scope = a.scope AND q2.role IS NOT NULL LIMIT 1)`;

export interface QuoteRow {
  article_id: number;
  idx: number;
  text: string;
  speaker: string | null;
  role: string | null;
  cue: string | null;
  partial: number;
  confidence: number | null;
  title: string;
  url: string | null;
  outlet: string | null;
  date: string;
}

export function toFoundQuote(r: QuoteRow): FoundQuote {
  return {
    articleId: r.article_id,
    index: r.idx,
    text: r.text,
    speaker: r.speaker,
    role: r.role,
    cue: r.cue,
    partial: r.partial === 1,
    ...(r.confidence === null ? {} : { confidence: r.confidence }),
    title: r.title,
    url: r.url,
    outlet: r.outlet,
    date: r.date,
  };
}

export function aliasesOf(name: string, role: string | null, forms: string | null = null): string[] {
  return [...new Set(`${name} ${role ?? ''} ${forms ?? ''}`.toLowerCase().split(/[\s.,'’|-]+/).filter(Boolean))];
}

// Honorifics and ranks written before South Asian names, with or without them: "Sardar Ayaz Sadiq"
// and "Ayaz Sadiq" are one speaker, so a typed honorific may match nothing and still find him.
export const HONORIFICS = new Set([
  'maulana', 'mufti', 'sardar', 'syed', 'sayed', 'khawaja', 'khwaja', 'mian', 'mir', 'pir', 'makhdoom', 'chaudhry', 'field', 'marshal', 'lt', 'gen',
  'general', 'maj', 'major', 'col', 'brig', 'senator', 'sen', 'mna', 'mpa', 'dr', 'justice', 'chief', 'minister', 'igp', 'dpo', 'sho', 'dig',
  'mr', 'mrs', 'ms', 'prof', 'begum', 'sheikh', 'shaikh', 'hafiz', 'qazi', 'allama', 'pm', 'cm', 'the',
]);

export class QuoteStore {
  private readonly statements;
  /** Prepared searches by the set of filters used: at most 2^4 × 2 of them. */
  private readonly searches = new Map<string, { page: ReturnType<Db['prepare']>; count: ReturnType<Db['prepare']> }>();
  private speakers: SpeakerEntry[] = [];
  /** Articles' count and newest id when the index was built: any insert or removal changes one. */
  private indexedVersion = '';

  constructor(private readonly db: Db) {
    this.statements = {
      version: db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM articles'),
      speakers: db.prepare(`SELECT q.speaker AS speaker, a.scope AS scope, count(*) AS n, ${ROLE_IN_SCOPE} AS role
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE q.speaker IS NOT NULL GROUP BY q.speaker, a.scope`),
      // The other forms the text gave each speaker, when it gave any: few rows, read with the index.
      forms: db.prepare(`SELECT q.speaker AS speaker, a.scope AS scope, group_concat(q.speaker_forms, ' | ') AS forms
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE q.speaker IS NOT NULL AND q.speaker_forms IS NOT NULL GROUP BY q.speaker, a.scope`),
    };
  }

  /**
   * The speaker index, rebuilt when articles were added or removed since it was built. Checking is one
   * query on the primary key (microseconds), so autocomplete stays far inside Discord's 3 seconds.
   */
  private speakerIndex(): SpeakerEntry[] {
    const { n, m } = this.statements.version.get() as { n: number; m: number };
    const version = `${n}:${m}`;
    if (version === this.indexedVersion) return this.speakers;
    this.speakers = speakerEntries(
      this.statements.speakers.all() as SpeakerRow[],
      this.statements.forms.all() as { speaker: string; scope: string; forms: string }[],
    );
    this.indexedVersion = version;
    return this.speakers;
  }

  /** Speakers the scope has quotes from whose name or role matches what was typed (matchSpeakerEntries). */
  matchSpeakers(scope: Scope, typed: string, limit: number): { name: string; role: string | null; quotes: number }[] {
    return matchSpeakerEntries(this.speakerIndex(), scope, typed, limit);
  }

  private search(filter: QuoteFilter) {
    const key = [filter.speakers ? 's' : '', filter.topic ? ('topicId' in filter.topic ? 't' : 'f') : '', filter.since ? 'd' : '', filter.articleId !== undefined ? 'a' : ''].join('');
    let prepared = this.searches.get(key);
    if (!prepared) {
      const joins: string[] = [];
      const where = [visibleTo('a.scope')];
      if (filter.speakers) where.push('q.speaker IN (SELECT value FROM json_each(@speakers))');
      if (filter.topic && 'topicId' in filter.topic) joins.push('JOIN article_topics t ON t.article_id = a.id AND t.topic_id = @topicId');
      if (filter.topic && 'fts' in filter.topic) where.push('a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH @fts)');
      if (filter.since) where.push(`${DATE} >= @since`);
      if (filter.articleId !== undefined) where.push('a.id = @articleId');
      const from = `FROM quotes q JOIN articles a ON a.id = q.article_id ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
      prepared = {
        page: this.db.prepare(`SELECT q.article_id, q.idx, q.text, q.speaker, q.role, q.cue, q.partial, q.confidence, a.title, a.url, a.outlet, ${DATE} AS date
          ${from} ORDER BY date DESC, a.id DESC, q.idx LIMIT @limit OFFSET @offset`),
        count: this.db.prepare(`SELECT count(*) AS n ${from}`),
      };
      this.searches.set(key, prepared);
    }
    const parameters: Record<string, unknown> = { scope: null };
    if (filter.speakers) parameters.speakers = JSON.stringify(filter.speakers);
    if (filter.topic) Object.assign(parameters, filter.topic);
    if (filter.since) parameters.since = filter.since;
    if (filter.articleId !== undefined) parameters.articleId = filter.articleId;
    return { prepared, parameters };
  }

  /** One page of the quotes the scope can see that pass the filter, newest article first. */
  find(scope: Scope, filter: QuoteFilter, page: { limit: number; offset: number }): { quotes: FoundQuote[]; total: number } {
    const { prepared, parameters } = this.search(filter);
    parameters.scope = scopeKey(scope);
    const total = (prepared.count.get(parameters) as { n: number }).n;
    const rows = prepared.page.all({ ...parameters, ...page }) as QuoteRow[];
    return {
      total,
      quotes: rows.map(toFoundQuote),
    };
  }
}
