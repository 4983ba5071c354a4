// The ingest pipeline: raw input -> parse -> analyse -> store, one transaction per batch. Every way
// an article arrives (data/ at start, the CLI, /article-admin add, feeds) goes through here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyseArticle } from '../nlp/analyse.ts';
import type { Analysis } from '../domain/analysis.ts';
import type { Taxonomy } from '../nlp/topics.ts';
import type { Scope } from '../domain/scope.ts';
import { canonicalUrl, textHash } from '../store/keys.ts';
import type { ArrivingArticle, StoreEngine } from '../store/engine.ts';
import { type Article, articleBody, RejectedInput, type SourceFormat, storyLead } from '../domain/article.ts';
import { parseFile, type ParseOutcome, parseText } from '../articles/parse.ts';
import type { ArticleMeta } from '../articles/structure.ts';

export interface IngestReport {
  added: { id: number; title: string; source: string }[];
  duplicates: { source: string; id: number; title: string }[];
  rejected: { source: string; reason: string }[];
  /** Left out of the start-up load: an admin removed them (see ArticleStore.remove). */
  removedEarlier: { source: string; title: string }[];
}

/** How a batch treats texts an admin removed: the start-up load keeps them out; a deliberate add brings them back. */
export type Removals = 'honour' | 'lift';

export type ProgressListener = (done: number, total: number) => void;

/** Says why an analysed article is left out (a feed's topics), or null to store it. */
export type KeepFilter = (analysis: Analysis) => string | null;

const BATCH_SIZE = 500;

export function emptyReport(): IngestReport {
  return { added: [], duplicates: [], rejected: [], removedEarlier: [] };
}

export function reportLine(report: IngestReport): string {
  const removed = report.removedEarlier.length ? `, left out as removed earlier ${report.removedEarlier.length}` : '';
  return `added ${report.added.length}, duplicates ${report.duplicates.length}, rejected ${report.rejected.length}${removed}`;
}

/** Files below the given paths, in a stable order; hidden files and folders are skipped. */
export function listInputFiles(paths: string[]): string[] {
  const files: string[] = [];
  const visit = (target: string): void => {
    const stats = statSync(target);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(target).sort()) {
        if (!entry.startsWith('.')) visit(path.join(target, entry));
      }
    } else if (stats.isFile()) {
      files.push(target);
    }
  };
  for (const p of paths) visit(p);
  return files;
}

interface PendingArticle {
  source: string;
  article: Article;
}

export class Ingestor {
  constructor(
    private readonly store: StoreEngine,
    private readonly taxonomy: Taxonomy,
    private readonly maxArticleBytes: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Files and folders (recursively). A missing path is reported as rejected, not thrown. */
  async ingestPaths(paths: string[], scope: Scope, onProgress?: ProgressListener, removals: Removals = 'lift'): Promise<IngestReport> {
    const report = emptyReport();
    const files: string[] = [];
    for (const p of paths) {
      try {
        files.push(...listInputFiles([p]));
      } catch {
        report.rejected.push({ source: p, reason: 'no such file or folder' });
      }
    }
    const pending: PendingArticle[] = [];
    let done = 0;
    for (const file of files) {
      const source = path.relative(process.cwd(), file) || file;
      let outcomes: ParseOutcome[];
      try {
        outcomes = parseFile(file, readFileSync(file), this.maxArticleBytes);
      } catch (error) {
        report.rejected.push({ source, reason: reasonOf(error) });
        continue;
      }
      for (const o of outcomes) {
        const name = o.part ? `${source} ${o.part}` : source;
        if (o.ok) pending.push({ source: name, article: o.article });
        else report.rejected.push({ source: name, reason: o.reason });
        if (pending.length >= BATCH_SIZE) {
          done += await this.storeBatch(pending.splice(0), scope, report, removals);
          onProgress?.(done, Number.NaN);
        }
      }
    }
    done += await this.storeBatch(pending, scope, report, removals);
    onProgress?.(done, done);
    return report;
  }

  /** An uploaded file: its name decides the format. */
  async ingestBytes(fileName: string, bytes: Uint8Array, scope: Scope, meta: ArticleMeta = {}): Promise<IngestReport> {
    return this.ingestOutcomes(fileName, () => parseFile(fileName, bytes, this.maxArticleBytes, meta), scope);
  }

  /** Pasted or fetched text. */
  async ingestText(source: string, text: string, format: SourceFormat | 'jsonl', scope: Scope, meta: ArticleMeta = {}, keep?: KeepFilter): Promise<IngestReport> {
    if (Buffer.byteLength(text) > this.maxArticleBytes) {
      const report = emptyReport();
      report.rejected.push({ source, reason: `too large: the limit is ${this.maxArticleBytes} bytes (MAX_ARTICLE_BYTES)` });
      return report;
    }
    return this.ingestOutcomes(source, () => parseText(text, format, meta), scope, keep);
  }

  private async ingestOutcomes(source: string, parse: () => ParseOutcome[], scope: Scope, keep?: KeepFilter): Promise<IngestReport> {
    const report = emptyReport();
    let outcomes: ParseOutcome[];
    try {
      outcomes = parse();
    } catch (error) {
      report.rejected.push({ source, reason: reasonOf(error) });
      return report;
    }
    const pending: PendingArticle[] = [];
    for (const o of outcomes) {
      const name = o.part ? `${source} ${o.part}` : source;
      if (o.ok) pending.push({ source: name, article: o.article });
      else report.rejected.push({ source: name, reason: o.reason });
    }
    await this.storeBatch(pending, scope, report, 'lift', keep);
    return report;
  }

  /**
   * Known articles are skipped before analysis (re-ingesting data/ at every start costs only hashing);
   * analysis runs outside the transaction since it is CPU work; the batch is written in one transaction
   * that checks duplicates again, as another process may have written meanwhile. On PostgreSQL that
   * other process may be on another machine; the transaction is the engine's (StoreEngine.transaction).
   */
  private async storeBatch(batch: PendingArticle[], scope: Scope, report: IngestReport, removals: Removals = 'lift', keep?: KeepFilter): Promise<number> {
    if (batch.length === 0) return 0;
    const articles = this.store.articles;
    const fresh: (PendingArticle & { body: string; hash: string; canonical: string | null; analysis: Analysis })[] = [];
    const keyed = batch.map(({ source, article }) => {
      const body = articleBody(article);
      return { source, article, body, hash: textHash(body), canonical: canonicalUrl(article.url) };
    });
    const known = await articles.findDuplicates(scope, keyed.map((k) => ({ textHash: k.hash, canonicalUrl: k.canonical })));
    for (const [i, { source, article, body, hash, canonical }] of keyed.entries()) {
      const duplicate = known[i];
      if (duplicate) report.duplicates.push({ source, id: duplicate.id, title: duplicate.title });
      else if (removals === 'honour' && (await articles.wasRemoved(scope, hash))) report.removedEarlier.push({ source, title: article.title });
      else {
        let analysis: Analysis;
        try {
          analysis = analyseArticle(article, this.taxonomy);
        } catch (error) {
          report.rejected.push({ source, reason: `could not be analysed: ${reasonOf(error)}` });
          continue;
        }
        const leftOut = keep?.(analysis);
        if (leftOut) report.rejected.push({ source, reason: leftOut });
        else fresh.push({ source, article, body, hash, canonical, analysis });
      }
    }
    const addedAt = this.clock().toISOString();
    await this.store.stories.catchUp();
    for (let attempt = 1; ; attempt++) {
      // What the transaction did is reported only once it committed: a retry starts from nothing.
      const added: IngestReport['added'] = [];
      const duplicates: IngestReport['duplicates'] = [];
      try {
        await this.store.transaction(async (store) => {
          const stored = await storeAnalysed(store, scope, fresh.map((item) => ({
            source: item.source,
            toStore: { article: item.article, analysis: item.analysis, body: item.body, textHash: item.hash, canonicalUrl: item.canonical, sourceName: item.source, addedAt },
          })));
          added.push(...stored.added);
          duplicates.push(...stored.duplicates);
        });
      } catch (error) {
        // Another process stored one of these articles between our look and our insert (two bots
        // starting on one PostgreSQL database, two feeds with one item): look again, and it is a duplicate.
        if (!isUniqueViolation(error) || attempt >= MAX_INSERT_ATTEMPTS) throw error;
        continue;
      }
      report.added.push(...added);
      report.duplicates.push(...duplicates);
      break;
    }
    return batch.length;
  }
}

const MAX_INSERT_ATTEMPTS = 3;

/** An analysed article on its way into the store, and what to call it in the report. */
export interface AnalysedToStore {
  source: string;
  toStore: ArrivingArticle;
}

/**
 * The write half of a batch, inside the caller's transaction (`store` is the transaction's): each
 * article not already stored is inserted, placed in its story, and its text no longer counts as
 * removed. The same as doing it article by article (look for a duplicate, insert, place), in three
 * steps over the batch: the duplicate check for all of them (a batch's article may also repeat an
 * earlier one of the batch: its hash's match wins, as the store's own lookup prefers the hash), the
 * inserts, then the placements in order. On PostgreSQL the first two are a statement each for the
 * whole batch, not one per article. tests/bench/store.bench.ts times this path.
 */
export async function storeAnalysed(store: StoreEngine, scope: Scope, items: readonly AnalysedToStore[]): Promise<Pick<IngestReport, 'added' | 'duplicates'>> {
  const known = await store.articles.findDuplicates(scope, items.map(({ toStore }) => ({ textHash: toStore.textHash, canonicalUrl: toStore.canonicalUrl })));
  const keep: AnalysedToStore[] = [];
  /** Per item: a stored duplicate, or the position in `keep` of the earlier item it repeats, or null. */
  const repeats: ({ id: number; title: string } | number | null)[] = [];
  const byHash = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const { textHash: hash, canonicalUrl: url } = item.toStore;
    const repeated = byHash.get(hash) ?? known[i] ?? (url === null ? undefined : byUrl.get(url)) ?? null;
    repeats.push(repeated);
    if (repeated !== null) continue;
    byHash.set(hash, keep.length);
    if (url !== null && !byUrl.has(url)) byUrl.set(url, keep.length);
    keep.push(item);
  }
  const ids = await store.articles.insertMany(scope, keep.map((item) => item.toStore));
  const added: IngestReport['added'] = [];
  for (const [k, { source, toStore }] of keep.entries()) {
    const { article, analysis } = toStore;
    // Its story: the one it reports the same occurrence as, or a new one (src/store/stories.ts).
    await store.stories.place(scope, {
      id: ids[k]!,
      title: article.title,
      lead: storyLead(analysis.sentences),
      published: article.published,
      addedAt: toStore.addedAt,
      signature: analysis.signature,
    });
    await store.articles.forgetRemoval(scope, toStore.textHash);
    added.push({ id: ids[k]!, title: article.title, source });
  }
  const duplicates: IngestReport['duplicates'] = [];
  for (const [i, repeated] of repeats.entries()) {
    if (repeated === null) continue;
    const duplicate = typeof repeated === 'number' ? { id: ids[repeated]!, title: keep[repeated]!.toStore.article.title } : repeated;
    duplicates.push({ source: items[i]!.source, ...duplicate });
  }
  return { added, duplicates };
}

/** PostgreSQL's unique_violation; SQLite's BEGIN IMMEDIATE serialises writers, so it never races there. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

function reasonOf(error: unknown): string {
  if (error instanceof RejectedInput) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  // Whatever else went wrong with one input refuses that input; the batch goes on.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply to read (it ran out of stack)';
  return `could not be read (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`.slice(0, 300);
}
