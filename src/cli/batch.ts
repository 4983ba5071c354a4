// Shared plumbing of the batch commands (`brief summarise|quotes|topics|clusters --in F`): one output
// line per input article, in order. A JSONL file (the tools' format) gives one article per line; an
// article file (.txt, .md, .html, .json) is read as `brief ingest` reads it, so a person can point
// the command at the article they have. A line or file that cannot be read gets {id, error} so the
// output stays aligned with the input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromRecord, parseFile, SUPPORTED_EXTENSIONS } from '../articles/parse.ts';
import { type Article, RejectedInput } from '../domain/article.ts';

export type BatchRecord = Record<string, unknown> & { id?: unknown };

/** One input article, or why it could not be read. `record` is the JSONL line it came from, if any. */
export type BatchItem =
  | { id: unknown; where: string; article: Article; record: BatchRecord | null }
  | { id: unknown; where: string; error: string };

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new RejectedInput(`cannot read ${file}`);
  }
}

/**
 * A file named as an article format other than JSONL is one article (or, for .json, the articles it
 * holds); any other name is read as JSONL, as before article files were accepted.
 */
export function readBatch(file: string, maxArticleBytes: number): BatchItem[] {
  const bytes = readBytes(file);
  const format = SUPPORTED_EXTENSIONS[path.extname(file).toLowerCase()];
  // A byte-order mark is no part of the first line, as ingest reads it.
  if (format === undefined || format === 'jsonl') return readJsonLines(bytes.toString('utf8').replace(/^\uFEFF/, ''), maxArticleBytes);
  const name = path.basename(file);
  try {
    return parseFile(name, bytes, maxArticleBytes).map((outcome, i, all): BatchItem => {
      const where = outcome.part ?? (all.length > 1 ? `article ${i + 1}` : name);
      if (!outcome.ok) return { id: null, where, error: `${where}: ${outcome.reason}` };
      const id = outcome.article.sourceId ?? (all.length > 1 ? `${name}#${i + 1}` : name);
      return { id, where, article: outcome.article, record: null };
    });
  } catch (failure) {
    if (!(failure instanceof RejectedInput)) throw failure;
    return [{ id: name, where: name, error: `${name}: ${failure.message}` }];
  }
}

function readJsonLines(text: string, maxArticleBytes: number): BatchItem[] {
  const items: BatchItem[] = [];
  let first = true;
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const where = `line ${i + 1}`;
    let record: BatchRecord;
    try {
      const value = JSON.parse(raw) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      record = value as BatchRecord;
      first = false;
    } catch (error) {
      const hint = first && !raw.trimStart().startsWith('{') ? ' (the file is read as JSON lines; name an article file .txt, .md or .html to read it as one article)' : '';
      first = false;
      items.push({ id: null, where, error: `${where}: malformed JSON: ${(error as Error).message}${hint}` });
      return;
    }
    const id = record.id ?? null;
    try {
      items.push({ id, where, article: articleFromRecord(record, {}, maxArticleBytes), record });
    } catch (failure) {
      if (!(failure instanceof RejectedInput)) throw failure;
      items.push({ id, where, error: `${where}: ${failure.message}` });
    }
  });
  return items;
}

/** Runs `handle` on every article and writes one JSON line per input article to `write`. */
export function runBatch(items: BatchItem[], handle: (article: Article, record: BatchRecord | null) => Record<string, unknown>, write: (line: string) => void): number {
  let failures = 0;
  for (const item of items) {
    if ('error' in item) {
      failures++;
      write(JSON.stringify({ id: item.id, error: item.error }));
      continue;
    }
    try {
      write(JSON.stringify({ id: item.id, ...handle(item.article, item.record) }));
    } catch (failure) {
      if (!(failure instanceof RejectedInput)) throw failure;
      failures++;
      write(JSON.stringify({ id: item.id, error: `${item.where}: ${failure.message}` }));
    }
  }
  return failures;
}
