// `npm start` with no token: the console over the shipped data, driven through piped input as a
// person or a script would.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../support/run.ts';
import { tempDir } from '../support/store.ts';
import { rmSync } from 'node:fs';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let databases = 0;
/** A database of its own for each test, so no test depends on what an earlier one stored. */
function freshEnv(): Record<string, string> {
  databases += 1;
  return { DATABASE_PATH: path.join(dir, `brief-${databases}.db`) };
}

describe('the local console', () => {
  it('says why it runs, loads the seed, answers piped commands in order and exits 0', async () => {
    const env = freshEnv();
    const result = await runScript('src/main.ts', [], { env, input: '/help\n/article list\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^No DISCORD_TOKEN set, so running the local console instead of Discord \(added 1, duplicates 0, rejected 0 from .*data\/articles; 1 articles stored\)\. Type \/help\.\n$/);
    const help = result.stdout.indexOf('Security brief: commands');
    const list = result.stdout.indexOf('Articles (1)');
    expect(help).toBeGreaterThanOrEqual(0);
    expect(list).toBeGreaterThan(help);
    expect(result.stdout).toContain('/article list [page]: List the articles, newest first');
    expect(result.stdout).toMatch(/#1 · \d{4}-\d{2}-\d{2} · Defence Minister Khawaja Asif has said/);
  });

  it('ingests the shipped data idempotently on the next start', async () => {
    const env = freshEnv();
    const first = await runScript('src/main.ts', [], { env, input: '' });
    expect(first.stderr).toContain('added 1, duplicates 0, rejected 0');
    const result = await runScript('src/main.ts', [], { env, input: '/article list\n' });
    expect(result.stderr).toContain('added 0, duplicates 1, rejected 0');
    expect(result.stdout).toContain('Articles (1)');
  });

  it('keeps a shipped article an admin removed out of later starts, until it is added again on purpose', async () => {
    const env = freshEnv();
    const removed = await runScript('src/main.ts', [], { env, input: '/article-admin remove id:1\n' });
    expect(removed.stdout).toContain('Removed #1');
    const next = await runScript('src/main.ts', [], { env, input: '/article list\n' });
    expect(next.stderr).toContain('added 0, duplicates 0, rejected 0, left out as removed earlier 1');
    expect(next.stdout).toContain('No articles yet');
    const again = await runScript('src/cli.ts', ['ingest', 'data/articles'], { env });
    expect(again.stdout + again.stderr).toContain('added 1, duplicates 0, rejected 0');
    const after = await runScript('src/main.ts', [], { env, input: '/article list\n' });
    expect(after.stderr).toContain('added 0, duplicates 1, rejected 0');
    expect(after.stdout).toContain('Articles (1)');
  });

  it('answers mistakes with a readable message and keeps going', async () => {
    const env = freshEnv();
    const result = await runScript('src/main.ts', [], { env, input: '/nonsense\n/article-admin remove\n/article list page:abc\n/help\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Unknown command /nonsense. Type /help for the list.');
    expect(result.stdout).toContain('The option "id" is required');
    expect(result.stdout).toContain('page must be a whole number, not "abc".');
    expect(result.stdout).toContain('Security brief: commands');
  });

  it('stops at start-up with one line naming a bad setting', async () => {
    const result = await runScript('src/main.ts', [], { env: { ...freshEnv(), DIGEST_TIMEZONE: 'Mars/Base' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Configuration error: DIGEST_TIMEZONE "Mars/Base" is not an IANA timezone (e.g. Asia/Karachi)\n');
  });
});
