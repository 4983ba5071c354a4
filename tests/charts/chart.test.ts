// Trend charts end to end in process: real ingest and tagging into a real SQLite file, the series
// counted from it, the PNG drawn by Vega-Lite + resvg and decoded here pixel by pixel.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trendCommand, trendReply } from '../../commands/trend.ts';
import { askCommandLine } from '../../src/app.ts';
import { FontMetrics, vegaTextWidth } from '../../src/charts/font-metrics.ts';
import { chartSvg, FONT_DIR, rasterise, SERIES_COLOURS } from '../../src/charts/render.ts';
import { trendSeries } from '../../src/charts/series.ts';
import { replyToText, writeAttachments } from '../../src/console/render.ts';
import { composeDigestFor } from '../../src/digest/compose.ts';
import { splitDigest } from '../../src/digest/schedule.ts';
import type { Topic } from '../../src/nlp/taxonomy.ts';
import { type Reply, repliesFromJson, repliesToJson } from '../../src/reply.ts';
import { countColour, decodePng, type DecodedPng, inkedPixels, rgb } from '../support/png.ts';
import { type TestServices, testServices } from '../support/store.ts';
import { ingestArticles, taggableTopics } from './support.ts';
import { windowDays } from '../../src/present/days.ts';

const NOW = new Date('2026-03-20T12:00:00Z');
/** The legend sits at the bottom of a full chart: colours are looked for above it, in the plot. */
const LEGEND_ROWS = 45;

let services: TestServices;
let topics: Topic[];

beforeAll(async () => {
  services = testServices({}, () => NOW);
  topics = await taggableTopics(services, 5, NOW);
});
afterAll(() => services.cleanup());

function chartOf(reply: Reply): DecodedPng {
  expect(reply.attachments).toHaveLength(1);
  const [attachment] = reply.attachments!;
  expect(attachment!.name).toMatch(/\.png$/);
  expect(attachment!.description).toMatch(/^Line chart of stories per day/);
  return decodePng(attachment!.bytes);
}

function expectSeriesColours(png: DecodedPng, series: number, bottom = png.height - LEGEND_ROWS): void {
  for (const colour of SERIES_COLOURS.slice(0, series)) {
    expect(countColour(png, rgb(colour), 6, 0, bottom), `pixels of ${colour}`).toBeGreaterThan(40);
  }
  // No colour of a series that is not there.
  for (const colour of SERIES_COLOURS.slice(series)) expect(countColour(png, rgb(colour), 6), `pixels of ${colour}`).toBe(0);
}

describe('the PNG decoder used by these tests', () => {
  it('reads the same pixels resvg drew', () => {
    const series = [{ label: 'A', days: windowDays(NOW, 3).map((day, i) => ({ day, stories: i, articles: i })), stories: 3, articles: 3, busiest: null }];
    const svg = chartSvg(series, { title: 'decoder check', size: 'small' });
    const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
    const png = decodePng(image.asPng());
    expect([png.width, png.height]).toEqual([image.width, image.height]);
    expect(Buffer.from(png.pixels).equals(Buffer.from(image.pixels))).toBe(true);
    expect(() => decodePng(rasterise(svg).subarray(0, 40))).toThrow();
  });
});

describe('text widths from the shipped font', () => {
  it('are the font’s own: narrow letters narrower, bold wider, a limit respected', () => {
    const regular = FontMetrics.load(path.join(FONT_DIR, 'DejaVuSans.ttf'));
    const bold = FontMetrics.load(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    expect(regular.width('iiii', 10)).toBeLessThan(regular.width('MMMM', 10));
    expect(bold.width('Stories per day', 12)).toBeGreaterThan(regular.width('Stories per day', 12));
    // DejaVu Sans's space is 651 of 2048 units.
    expect(regular.width(' ', 2048)).toBe(651);
    const width = vegaTextWidth(regular, bold);
    expect(width({ fontSize: 12, limit: 50 }, 'a long legend label that will be cut')).toBe(50);
    expect(width({ fontSize: 12, fontWeight: 'bold' }, 'x')).toBe(bold.width('x', 12));
  });
});

describe('the Latin cuts of the shipped faces', () => {
  const faces = (files: string[]): { font: { fontFiles: string[]; loadSystemFonts: false; defaultFontFamily: string } } => ({
    font: { fontFiles: files.map((f) => path.join(FONT_DIR, f)), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  const FULL = faces(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']);
  const LATIN = faces(['DejaVuSans-Latin.ttf', 'DejaVuSans-Bold-Latin.ttf']);
  const pixels = (svg: string, options: typeof FULL): Buffer => Buffer.from(new Resvg(svg, options).render().pixels);
  const series = (label: string) => [{ label, days: windowDays(NOW, 5).map((day, i) => ({ day, stories: i % 3, articles: i })), stories: 4, articles: 10, busiest: null }];

  it('draw the same pixels as the full faces, and are what a Latin chart is drawn with', () => {
    const svg = chartSvg(series('Café – “quoted” naïve'), { title: 'Stories per day: Zhob & Kohat…', subtitle: '14 Mar 2026 to 18 Mar 2026 · each story once', size: 'full' });
    const full = pixels(svg, FULL);
    expect(pixels(svg, LATIN).equals(full)).toBe(true);
    expect(Buffer.from(decodePng(rasterise(svg)).pixels).equals(full)).toBe(true);
  });

  it('give way to the full faces when a chart has letters they lack', () => {
    const svg = chartSvg(series('Кабул'), { title: 'Stories per day: Кабул', size: 'small' });
    const full = pixels(svg, FULL);
    expect(pixels(svg, LATIN).equals(full)).toBe(false);
    expect(Buffer.from(decodePng(rasterise(svg)).pixels).equals(full)).toBe(true);
  });
});

describe('stories per day', () => {
  it('counts a story once however many outlets carried it, and names the busiest day by its most carried story', async () => {
    const own = testServices({}, () => NOW);
    try {
      const [topic] = await taggableTopics(own, 1, NOW);
      await ingestArticles(own, [
        { topic: topic!, story: 0, daysAgo: 2, outlet: 'Dawn' },
        { topic: topic!, story: 0, daysAgo: 2, outlet: 'APP', retold: true },
        { topic: topic!, story: 1, daysAgo: 2, outlet: 'APP' },
        { topic: topic!, story: 2, daysAgo: 0, outlet: 'Dawn' },
      ], NOW);
      const days = windowDays(NOW, 7);
      const series = await trendSeries(own.store, null, { label: topic!.label, match: { topicId: topic!.id } }, days);
      expect(series.days.map((d) => d.day)).toEqual(days);
      expect(series.days.map((d) => d.stories)).toEqual([0, 0, 0, 0, 2, 0, 1]);
      expect(series.days.map((d) => d.articles)).toEqual([0, 0, 0, 0, 3, 0, 1]);
      expect([series.stories, series.articles]).toEqual([3, 4]);
      expect(series.busiest).toMatchObject({ day: days[4], stories: 2, top: { articles: 2 } });
      expect(series.busiest!.top.title).toMatch(/Quetta/);
      expect(series.busiest!.top.url).toMatch(/^https:\/\/(dawn|app)\.example\//);
    } finally {
      own.cleanup();
    }
  });
});

describe('/trend', () => {
  beforeAll(async () => {
    // Topic k gets k+1 stories on different days; the first topic's busiest day is 3 days ago.
    await ingestArticles(services, topics.flatMap((topic, k) => Array.from({ length: k + 1 }, (_, n) => ({ topic, story: n, daysAgo: 3 + n * 2, outlet: n % 2 ? 'APP' : 'Dawn' }))), NOW);
  });

  it('draws one story as a chart with a title, a dated axis and its colour, and gives the total', async () => {
    const reply = await askCommandLine(services, `/trend topics:${topics[0]!.id} days:30`);
    expect(reply.tone).not.toBe('error');
    const png = chartOf(reply);
    expect(png.width).toBeGreaterThanOrEqual(720);
    expect(png.height).toBeGreaterThanOrEqual(280);
    expect(inkedPixels(png)).toBeGreaterThan(3000);
    expectSeriesColours(png, 1);
    const text = replyToText(reply);
    expect(text).toContain(`${topics[0]!.label}: 1 story (1 article)`);
    expect(text).toMatch(/## Busiest day\n.*: 17 Mar 2026, 1 story\. Top story: /);
    expect(reply.sections[1]!.links![0]!.url).toMatch(/^https:\/\//);
  });

  it('draws five topics, each in its own colour, with five totals and five busiest days', async () => {
    const reply = await askCommandLine(services, `/trend topics:${topics.map((t) => t.id).join(',')} days:30`);
    const png = chartOf(reply);
    expectSeriesColours(png, 5);
    expect(reply.sections[0]!.lines).toHaveLength(5);
    expect(reply.sections[1]!.lines).toHaveLength(5);
    expect(reply.title).toContain('and 3 more');
    // Text is laid out by the shipped font's own widths: long names never widen the picture.
    expect(png.width).toBeLessThanOrEqual(800);
  });

  it('gives a plain message and no picture when there are no stories', async () => {
    const reply = await askCommandLine(services, `/trend topics:${topics[0]!.id} days:2`);
    expect(reply.attachments).toBeUndefined();
    expect(reply.description).toMatch(/^No stories on .* from 19 Mar 2026 to 20 Mar 2026/);
  });

  it('leaves a topic without stories out of the picture and says so', async () => {
    const reply = await trendReply(services.store, null, [
      { label: topics[0]!.label, match: { topicId: topics[0]!.id } },
      { label: 'Nothing here', match: { fts: '"zzzunheardof"' } },
    ], 30, NOW);
    expectSeriesColours(chartOf(reply), 1);
    expect(reply.sections[0]!.lines).toContain('Nothing here: no stories');
  });

  it('charts a search, and refuses six topics, both topics and a query, and unknown topics', async () => {
    const twice = await askCommandLine(services, `/trend topics:"${topics[0]!.id},${topics[0]!.label}" days:30`);
    expect(twice.sections[0]!.lines).toHaveLength(1);
    const search = await askCommandLine(services, '/trend query:"Quetta" days:30');
    expectSeriesColours(chartOf(search), 1);
    const six = await askCommandLine(services, `/trend topics:${[...topics.map((t) => t.id), 'x'].join(',')}`);
    expect(six.description).toMatch(/at most 5 topics; 6 were given/);
    expect((await askCommandLine(services, `/trend topics:${topics[0]!.id} query:x`)).tone).toBe('error');
    expect((await askCommandLine(services, '/trend topics:no-such-topic')).description).toMatch(/There is no topic "no-such-topic"/);
  });

  it('completes the last topic of a comma-separated list, keeping the ones before it', async () => {
    const typed = `${topics[0]!.id}, ${topics[1]!.label.slice(0, 4)}`;
    const choices = await trendCommand.autocomplete!({ services, scope: null, subcommand: null, focused: { name: 'topics', value: typed }, options: {} });
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.map((c) => c.value)).toContain(`${topics[0]!.id},${topics[1]!.id}`);
    expect(choices.every((c) => c.value.startsWith(`${topics[0]!.id},`) && c.value.split(',').length === 2)).toBe(true);
  });

  it('in the console, is written to a file whose path is printed', async () => {
    const reply = await askCommandLine(services, `/trend topics:${topics[1]!.id} days:30`);
    const [file] = writeAttachments(reply, services.dir);
    expect(replyToText(reply, [file!])).toContain(`Wrote ${file} (Line chart of stories per day`);
    expect(existsSync(file!)).toBe(true);
    expect(decodePng(readFileSync(file!)).width).toBeGreaterThanOrEqual(720);
  });
});

describe('the small chart of /topic and the digest', () => {
  it('comes with /topic when there is anything to draw, and not with CHARTS=off', async () => {
    const reply = await askCommandLine(services, `/topic name:${topics[2]!.id} days:14`);
    const png = chartOf(reply);
    expect(png.width).toBeLessThan(720);
    expectSeriesColours(png, 1, png.height);
    const off = testServices({ CHARTS: 'off' }, () => NOW);
    try {
      await ingestArticles(off, [{ topic: topics[2]!, story: 0, daysAgo: 1, outlet: 'Dawn' }], NOW);
      const plain = await askCommandLine(off, `/topic name:${topics[2]!.id} days:14`);
      expect(plain.sections.length).toBeGreaterThan(0);
      expect(plain.attachments).toBeUndefined();
    } finally {
      off.cleanup();
    }
  });

  it('comes with the digest when asked for, travels with its first part only, and survives being stored', async () => {
    const request = { scope: null, since: new Date(NOW.getTime() - 30 * 86_400_000), until: NOW, timezone: 'Asia/Karachi', maxStories: 20, topics: [] };
    const withChart = (await composeDigestFor(services, { ...request, chart: true })).reply;
    const png = chartOf(withChart);
    expect(inkedPixels(png)).toBeGreaterThan(1000);
    expect((await composeDigestFor(services, request)).reply.attachments).toBeUndefined();
    const parts = splitDigest(withChart);
    expect(parts.filter((p) => p.attachments?.length)).toHaveLength(1);
    const [first] = repliesFromJson(repliesToJson(parts));
    expect(first!.attachments![0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(first!.attachments![0]!.bytes).equals(Buffer.from(withChart.attachments![0]!.bytes))).toBe(true);
  });
});
