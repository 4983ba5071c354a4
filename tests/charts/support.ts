// Articles for the chart tests, written for them (no corpus text): each topic's own aliases in a short
// report, so the real tagger tags it, and places that keep different stories apart.
import type { Services } from '../../src/command.ts';
import { type Topic } from '../../src/nlp/taxonomy.ts';
import { DAY_MS } from '../../src/time.ts';
import type { TestServices } from '../support/store.ts';
import { shippedTaxonomy } from '../support/taxonomy.ts';

const PLACES = ['Quetta', 'Bannu', 'Gwadar', 'Turbat', 'Lakki Marwat', 'Kohat', 'Zhob', 'Khuzdar', 'Mastung', 'Tank', 'Chitral', 'Swat'];
const ACTIONS = [
  ['attacked a checkpoint', 'Two soldiers were wounded and the attackers fled towards the hills.'],
  ['ambushed a police convoy', 'Police said reinforcements reached the area within the hour.'],
  ['fired rockets at a camp', 'No casualties were reported and a search operation began at dawn.'],
  ['kidnapped two officials', 'Elders sought their release later in the evening.'],
] as const;

export interface ArticleSpec {
  topic: Pick<Topic, 'aliases'>;
  /** Picks the place and wording: the same `story` is the same event. */
  story: number;
  /** Days before `now`. */
  daysAgo: number;
  outlet: string;
  /** A retelling of the same story by another outlet: reworded title, same facts. */
  retold?: boolean;
}

export function articleRecord(spec: ArticleSpec, now: Date): Record<string, string> {
  const [group, other = group] = spec.topic.aliases as [string, string?];
  const place = PLACES[spec.story % PLACES.length]!;
  const [action, after] = ACTIONS[spec.story % ACTIONS.length]!;
  const published = new Date(now.getTime() - spec.daysAgo * DAY_MS).toISOString().slice(0, 10);
  const title = spec.retold ? `${group} militants ${action} in ${place}, officials say` : `${group} militants ${action} in ${place}`;
  const text = [
    `${group} militants ${action} in ${place} district on ${published}, officials said, in what ${other} described as a warning.${spec.retold ? ' A second official confirmed the account.' : ''}`,
    `${after} The ${group} statement named the commander who led the ${place} attack.`,
    `Security officials in ${place} said ${other} fighters had been seen in the district for weeks.`,
  ].join('\n\n');
  const slug = `${group}-${place}-${spec.story}-${spec.daysAgo}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { title, text, published, outlet: spec.outlet, url: `https://${spec.outlet.toLowerCase().replace(/\s+/g, '')}.example/${slug}` };
}

export async function ingestArticles(services: Services, specs: ArticleSpec[], now: Date): Promise<number[]> {
  const lines = specs.map((spec) => JSON.stringify(articleRecord(spec, now)));
  const report = await services.ingestor.ingestText('chart-test', lines.join('\n'), 'jsonl', null);
  if (report.added.length !== specs.length) throw new Error(`ingest: ${JSON.stringify(report.rejected)}`);
  return report.added.map((a) => a.id);
}

/**
 * Topics of the taxonomy whose aliases alone get a written article tagged with them, found by
 * ingesting one probe article each into `services` (their ids are never hard-coded: the taxonomy
 * may be renamed). Topics that need two sides named (requires) are left out.
 */
export async function taggableTopics(services: TestServices, count: number, now: Date): Promise<Topic[]> {
  const found: Topic[] = [];
  const tagged = services.sqlite.db.prepare('SELECT 1 FROM article_topics WHERE article_id = ? AND topic_id = ?');
  for (const topic of shippedTaxonomy().topics) {
    if (found.length === count) break;
    if (topic.requires?.length || topic.aliases.length === 0) continue;
    const [id] = await ingestArticles(services, [{ topic, story: 100 + found.length, daysAgo: 400, outlet: 'Probe' }], now);
    if (tagged.get(id, topic.id)) found.push(topic);
  }
  if (found.length < count) throw new Error(`only ${found.length} topics are tagged from their aliases alone`);
  return found;
}
