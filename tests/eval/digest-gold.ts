// `npm run eval:digest-gold [-- --sizes 8,20] [-- --detail]`: the digest over every southasia-news dev
// gold window, each window ingested into a real store (as tests/digest/stories-gold.test.ts does), at
// the default 8 stories and at MAX_STORIES_LIMIT. Prints, per window and size, the occurrences of the
// hand-made gold shown in two stories (the error users notice most), and the stories that hold more
// than one occurrence (what folding costs). --detail lists the stories involved by corpus id.
import { DEFAULT_MAX_STORIES, MAX_STORIES_LIMIT } from '../../src/digest/compose.ts';
import { GOLD_CORPUS, goldDigest, goldPresent, goldWindows, shownTwice } from '../support/digest-gold.ts';

async function main(): Promise<void> {
  if (!goldPresent) {
    console.warn(`skipped: ${GOLD_CORPUS}/clusters.jsonl or articles.jsonl is absent`);
    return;
  }
  const sizesArg = process.argv.indexOf('--sizes');
  const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [DEFAULT_MAX_STORIES, MAX_STORIES_LIMIT];
  const detail = process.argv.includes('--detail');
  const { windows, gold, records } = goldWindows();
  const totals = new Map(sizes.map((s) => [s, { twice: 0, mixed: 0, stories: 0 }]));
  for (const window of windows) {
    const digest = await goldDigest(window, gold, records, sizes);
    for (const size of sizes) {
      const stories = digest.stories.get(size)!;
      const twice = shownTwice(stories, digest.goldOf);
      const mixed = stories.reduce((n, members) => n + new Set(members.map((id) => digest.goldOf.get(id))).size - 1, 0);
      const t = totals.get(size)!;
      t.twice += [...twice.values()].reduce((n, ranks) => n + ranks.length - 1, 0);
      t.mixed += mixed;
      t.stories += stories.length;
      console.log(`${window} at ${size} stories (${stories.length} shown): occurrences shown twice ${twice.size}${twice.size ? ` (${[...twice].map(([o, r]) => `${o} in ${r.join('+')}`).join(', ')})` : ''}; extra occurrences folded into a story ${mixed}`);
      if (detail) {
        for (const [occurrence, ranks] of twice) {
          for (const rank of ranks) console.log(`    ${occurrence} story ${rank}: ${stories[rank]!.map((id) => `${id}${digest.goldOf.get(id) === occurrence ? '' : `(${digest.goldOf.get(id)})`}`).join(' ')}`);
        }
      }
    }
  }
  for (const [size, t] of totals) console.log(`all ${windows.length} windows at ${size} stories (${t.stories} shown): extra stories for one occurrence ${t.twice}; extra occurrences folded into a story ${t.mixed}`);
}

await main();
