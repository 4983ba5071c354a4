// Public evaluation data lives in ../shared/corpora, beside the clone, and is never copied into the
// repo. Tests, evaluations and benchmarks find it here, and skip with a message when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(REPO_ROOT, '..', 'shared');

export type CorpusName = 'bbc' | 'cnndm' | 'xsum' | 'quotes' | 'southasia';

/** Path of ../shared/corpora/<name>/dev.jsonl, or null when it is not there. */
export function corpusPath(name: CorpusName): string | null {
  const file = path.join(SHARED_DIR, 'corpora', name, 'dev.jsonl');
  return existsSync(file) ? file : null;
}

export function missingCorpusMessage(name: CorpusName): string {
  return `skipped: ${path.join(SHARED_DIR, 'corpora', name, 'dev.jsonl')} is absent (evaluation data lives in ../shared beside the clone)`;
}

/** The records of a corpus, or null (with the message printed once) when it is absent. */
export function loadCorpus<T = Record<string, unknown>>(name: CorpusName): T[] | null {
  const file = corpusPath(name);
  if (!file) {
    console.warn(missingCorpusMessage(name));
    return null;
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
