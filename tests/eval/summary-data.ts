// The dev sets `npm run eval:summary` reads, as documents ready for scoring: parsed once, segmented
// once, with every weight-independent feature computed once so that fitting weights costs only the
// picking. Corpora are read from ../shared at eval time and never copied into the repo.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Article } from '../../src/domain/article.ts';
import { articleFromRecord } from '../../src/articles/parse.ts';
import { bodySentences } from '../../src/nlp/analyse.ts';
import { sentenceFeatures, type SentenceFeatures } from '../../src/nlp/summarise.ts';
import type { BodySentence } from '../../src/domain/analysis.ts';
import { loadCorpus, SHARED_DIR } from '../support/corpora.ts';

export type SetName = 'southasia-news' | 'cnndm' | 'bbc' | 'xsum';

export interface SummaryDoc {
  id: string;
  set: SetName;
  article: Article;
  sentences: BodySentence[];
  features: SentenceFeatures;
  /** One reference sentence per line. */
  reference: string;
  /** Sentences in a summary of this document. */
  k: number;
  /** 0 or 1, from a hash of the id: the halves the held-out figures fit on and score. */
  half: 0 | 1;
}

// "ISLAMABAD:", "PESHAWAR, Sep 16 (APP):", "KARACHI / LAHORE:" opening a sentence. The picks keep the
// lead's dateline and the parser takes it out, so it is stripped from both sides before scoring.
const LEADING_DATELINE = /^[A-Z][A-Z .'’/-]+(?:, [A-Z][a-z]+\.? \d{1,2})?(?: \([^()]{1,20}\))?\s*:\s*/;
export const stripDateline = (sentence: string): string => sentence.replace(LEADING_DATELINE, '');

/**
 * SUMMARY_SPLIT_SALT=<any text> draws other halves: the held-out figures of one split are one draw, and
 * a fit that only holds on one split has learnt its half.
 */
function splitHash(id: string): number {
  return createHash('sha1').update((process.env.SUMMARY_SPLIT_SALT ?? '') + id).digest()[0]!;
}

export function halfOf(id: string): 0 | 1 {
  return (splitHash(id) & 1) as 0 | 1;
}

function doc(set: SetName, id: string, article: Article, reference: string, k: number): SummaryDoc {
  const sentences = bodySentences(article);
  return { id, set, article, sentences, features: sentenceFeatures(article, sentences), reference, k, half: halfOf(id) };
}

const NEWS_DIR = path.join(SHARED_DIR, 'corpora', 'southasia-news');

interface NewsRecord {
  id: string;
  title: string;
  text: string;
  outlet?: string;
  published?: string;
}

/** The 720 Dawn/APP articles, or null (with a message) when ../shared is absent. */
export function loadNewsArticles(): NewsRecord[] | null {
  const file = path.join(NEWS_DIR, 'articles.jsonl');
  if (!existsSync(file)) {
    console.warn(`skipped: ${file} is absent (evaluation data lives in ../shared beside the clone)`);
    return null;
  }
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as NewsRecord);
}

export function parseNews(record: NewsRecord): Article {
  return articleFromRecord({ id: record.id, title: record.title, text: record.text }, {});
}

/** The editor's picks: each article's rank-1 and rank-2 sentences are the reference. */
export function loadPicks(articles: NewsRecord[] | null): SummaryDoc[] {
  const file = path.join(NEWS_DIR, 'summaries.jsonl');
  if (!articles || !existsSync(file)) return [];
  const byId = new Map(articles.map((a) => [a.id, a]));
  const docs: SummaryDoc[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { id, picks } = JSON.parse(line) as { id: string; picks: { text: string; rank: number }[] };
    const record = byId.get(id);
    if (!record) continue;
    const reference = picks.filter((p) => p.rank <= 2).sort((a, b) => a.rank - b.rank).map((p) => stripDateline(p.text)).join('\n');
    docs.push(doc('southasia-news', id, parseNews(record), reference, 2));
  }
  return docs;
}

interface ReferenceRecord {
  id: string;
  title: string | null;
  text: string;
  reference: string;
}

/** CNN/DM (Lead-3), BBC (as many sentences as the reference has lines), XSum (1). */
export function loadReferenceSet(set: 'cnndm' | 'bbc' | 'xsum'): SummaryDoc[] {
  const records = loadCorpus<ReferenceRecord>(set) ?? [];
  return records.map((record) => {
    const k = set === 'cnndm' ? 3 : set === 'xsum' ? 1 : record.reference.split('\n').filter((l) => l.trim()).length;
    return doc(set, record.id, articleFromRecord(record, {}), record.reference, k);
  });
}
