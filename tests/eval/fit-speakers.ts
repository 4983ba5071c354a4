// Fitting the speaker ranking's weights (src/nlp/speaker-ranking.ts) by coordinate ascent: one
// weight at a time takes the value of a small grid that gets the most speakers right, a few passes
// over all of them. Both dev sets count equally (each by its accuracy), so the 197 South Asian
// quotes are not drowned by PolNeAR's 2,600. `npm run eval:quotes -- --fit` writes the weights fit
// on every dev article to src/nlp/speaker-weights.json; the eval fits each half alone to print
// held-out figures beside them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysedQuote } from '../../src/domain/analysis.ts';
import { withChosenSpeakers } from '../../src/nlp/quotes.ts';
import { chooseSpeakers, FEATURES, type Feature, type QuoteSite, type Weights, zeroWeights } from '../../src/nlp/speaker-ranking.ts';
import { REPO_ROOT } from '../support/corpora.ts';
import { sameSpeaker } from './quotes-score.ts';

/** One dev article as the fitting sees it: the rules' quotes, their candidates, and the gold speaker of each matched one. */
export interface FitArticle {
  dataset: string;
  quotes: AnalysedQuote[];
  sites: QuoteSite[];
  /** [index of our quote, gold speaker] for every quote matched to a gold one. */
  matched: [number, string | null][];
}

// Where every fit starts: a prior written by hand from what each feature means (trust the rules'
// pick, distrust a bare role noun or a non-person for "he", prefer a role's holder, the issuer of a
// statement, the speaker before), never from the dev figures; the fit moves from here.
export const START: Partial<Weights> = {
  rule: 4, ruleByPronoun: -1, ruleNotPerson: -2, rulePlace: -2, ruleParticiple: -2,
  nearby: -2, person: 1, subject: 0.5, sentencesBack: -1, place: -1, genderClashes: -2, heForNonPerson: -2, itForPerson: -2,
  itForOrganisation: 1, roleHolder: 3, roleSubject: 2, issuer: 1, issuerOfDocument: 4, followOn: 1,
  bodyHolder: 3, sameDocument: 1, documentVoice: 1, addressee: -1, ruleBareBody: -2, itForIssuer: 2, jointForThey: 2, bodyIssuer: 1, itForGroup: -1,
};
const GRID = [-10, -8, -6, -4, -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 10];
const PASSES = 5;
// A pull towards the prior (START): a weight moves one unit from it only for about two South Asian
// quotes (or twenty PolNeAR ones) more right, so a handful of dev quotes cannot drag the meaning of
// a feature around. At 1e-3 the fit bought 0.845 in-sample on the South Asian set with weights that
// held out at 0.804 and broke two behaviour tests (tests/nlp/quotes.test.ts, "he" after "told X");
// at 4e-3 it held out at 0.815, and PolNeAR's held-out figure equalled its in-sample one.
const SHRINK = 4e-3;

export function speakersRight(article: FitArticle, weights: Weights): number {
  const chosen = withChosenSpeakers(article.quotes, chooseSpeakers(article.sites, weights));
  let right = 0;
  for (const [p, gold] of article.matched) if (sameSpeaker(gold, chosen[p]!.speaker)) right++;
  return right;
}

// What every dataset must keep: its accuracy with the rules' pick alone, less this much. Without
// it the 197 South Asian quotes would buy their gains with PolNeAR's, whose rules are tuned.
const FLOOR_SLACK = 0.002;
// How dearly a point under a floor costs, against a point of mean accuracy.
const FLOOR_PENALTY = 10;
const RULES_ONLY: Partial<Weights> = { rule: 1 };

/** Speaker accuracy on matched quotes, per dataset. */
function accuracies(articles: FitArticle[], weights: Weights): Map<string, number> {
  const totals = new Map<string, { right: number; of: number }>();
  for (const article of articles) {
    const t = totals.get(article.dataset) ?? { right: 0, of: 0 };
    t.right += speakersRight(article, weights);
    t.of += article.matched.length;
    totals.set(article.dataset, t);
  }
  return new Map([...totals].map(([name, { right, of }]) => [name, of ? right / of : 0]));
}

/** Mean over datasets of speaker accuracy, less a penalty for any dataset under its floor. */
function objective(articles: FitArticle[], weights: Weights, floors: Map<string, number>): number {
  let sum = 0;
  let under = 0;
  const byDataset = accuracies(articles, weights);
  for (const [name, accuracy] of byDataset) {
    sum += accuracy;
    under += Math.max(0, (floors.get(name) ?? 0) - accuracy);
  }
  let moved = 0;
  for (const f of FEATURES) moved += Math.abs(weights[f] - (START[f] ?? 0));
  return sum / Math.max(1, byDataset.size) - FLOOR_PENALTY * under - SHRINK * moved;
}

// A second start, leaning harder on the rules' pick: coordinate ascent ends in a local best, and
// the better of two ends is kept.
const SECOND_START: Partial<Weights> = {
  rule: 4, ruleByPronoun: -3, nearby: -1, person: 1, subject: 0.5, sentencesBack: -1,
  roleHolder: 3, roleSubject: 2, issuer: 2, issuerOfDocument: 2, followOn: 1,
};

// The unit every other weight is read in: a ranking is the same when all weights are scaled
// together, so the rules' own pick keeps its prior weight and the rest move against it. Left free,
// one half's fit raised it to 6, where no issuer or body could outrank "the statement" or "the
// board", and those quotes were lost on the other half (South Asian held-out 0.851 against 0.913
// in-sample).
const FIXED: ReadonlySet<Feature> = new Set(['rule']);

export function fitWeights(articles: FitArticle[]): Weights {
  const floors = new Map([...accuracies(articles, { ...zeroWeights(), ...RULES_ONLY })].map(([name, accuracy]) => [name, accuracy - FLOOR_SLACK]));
  const ends = [START, SECOND_START].map((start) => ascend(articles, { ...zeroWeights(), ...start }, floors));
  ends.sort((a, b) => b.score - a.score);
  return ends[0]!.weights;
}

function ascend(articles: FitArticle[], weights: Weights, floors: Map<string, number>): { weights: Weights; score: number } {
  let best = objective(articles, weights, floors);
  for (let pass = 0; pass < PASSES; pass++) {
    let improved = false;
    for (const feature of FEATURES) {
      if (FIXED.has(feature)) continue;
      const kept = weights[feature];
      let bestValue = kept;
      for (const value of GRID) {
        if (value === kept) continue;
        weights[feature] = value;
        const score = objective(articles, weights, floors);
        if (score > best + 1e-9) {
          best = score;
          bestValue = value;
          improved = true;
        }
      }
      weights[feature] = bestValue;
    }
    if (!improved) break;
  }
  return { weights, score: best };
}

export function writeWeights(weights: Weights, note: string): string {
  const file = path.join(REPO_ROOT, 'src', 'nlp', 'speaker-weights.json');
  const nonZero = Object.fromEntries(FEATURES.filter((f) => weights[f] !== 0).map((f) => [f, weights[f]]));
  writeFileSync(file, `${JSON.stringify({ note, weights: nonZero }, null, 2)}\n`);
  return file;
}
