// The digest over the southasia-news dev windows (../shared/corpora/southasia-news, read at test time,
// never copied): every window's articles are ingested into a real store as a feed would bring them,
// and the digest (its default number of stories) must never show one occurrence of the hand-made
// gold twice. `npx tsx tests/eval/digest-gold.ts` counts the same at MAX_STORIES_LIMIT too, where
// the digest still shows some occurrences twice (docs/issue-14.md), so only the default is checked.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_STORIES } from '../../src/digest/compose.ts';
import { GOLD_CORPUS, goldDigest, goldPresent, goldWindows, shownTwice } from '../support/digest-gold.ts';

describe.skipIf(!goldPresent)(`the digest over the dev gold windows${goldPresent ? '' : ` (skipped: ${GOLD_CORPUS} is absent)`}`, () => {
  const { windows, gold, records } = goldPresent ? goldWindows() : { windows: [], gold: [], records: new Map() };

  it.each(windows)('never shows one occurrence twice (window %s)', async (window) => {
    const digest = await goldDigest(window, gold, records, [DEFAULT_MAX_STORIES]);
    expect(digest.rejected).toEqual([]);
    // Identical texts (an item printed twice) are stored once.
    expect(digest.candidates).toBeGreaterThan(digest.articles - 3);
    const stories = digest.stories.get(DEFAULT_MAX_STORIES)!;
    expect(stories.length).toBe(DEFAULT_MAX_STORIES);
    const twice = shownTwice(stories, digest.goldOf);
    const shown = [...twice].map(([occurrence, ranks]) => `${occurrence} shown in stories ${ranks.join(' and ')}: ${ranks.map((r) => stories[r]!.join(', ')).join(' | ')}`);
    expect(shown).toEqual([]);
  });
});
