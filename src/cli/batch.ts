// Shared plumbing of the batch commands (`brief summarise|quotes|… --in file.jsonl`): one JSON object
// per input line, one per output line, in order. A line that cannot be read gets {id, error} so the
// output stays aligned with the input.
import { readFileSync } from 'node:fs';
import { RejectedInput } from '../domain/article.ts';

export type BatchRecord = Record<string, unknown> & { id?: unknown };

export function readJsonl(file: string): { line: number; record: BatchRecord | null; error: string | null }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RejectedInput(`cannot read ${file}`);
  }
  const out: { line: number; record: BatchRecord | null; error: string | null }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = JSON.parse(raw) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      out.push({ line: i + 1, record: value as BatchRecord, error: null });
    } catch (error) {
      out.push({ line: i + 1, record: null, error: `line ${i + 1}: malformed JSON: ${(error as Error).message}` });
    }
  });
  return out;
}

/** Runs `handle` on every record and writes one JSON line per input line to `write`. */
export function runJsonlBatch(file: string, handle: (record: BatchRecord) => Record<string, unknown>, write: (line: string) => void): number {
  let failures = 0;
  for (const { line, record, error } of readJsonl(file)) {
    if (!record) {
      failures++;
      write(JSON.stringify({ id: null, error }));
      continue;
    }
    const id = record.id ?? null;
    try {
      write(JSON.stringify({ id, ...handle(record) }));
    } catch (failure) {
      if (!(failure instanceof RejectedInput)) throw failure;
      failures++;
      write(JSON.stringify({ id, error: `line ${line}: ${failure.message}` }));
    }
  }
  return failures;
}
