// The shipped taxonomy and topic weights (data/), as every test, eval and bench tags with.
import path from 'node:path';
import { openTaxonomy, type Taxonomy } from '../../src/nlp/topics.ts';
import { REPO_ROOT } from './corpora.ts';

let shipped: Taxonomy | null = null;

export function shippedTaxonomy(): Taxonomy {
  shipped ??= openTaxonomy(path.join(REPO_ROOT, 'data', 'topics.json'));
  return shipped;
}
