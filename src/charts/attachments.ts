// Charts as Reply attachments, with the alt text that describes them: the full trend chart of /trend
// and `brief chart`, and the small 14-day chart /topic and the digest carry.
import type { ReplyAttachment } from '../reply.ts';
import type { Scope } from '../domain/scope.ts';
import type { StoreEngine } from '../store/engine.ts';
import { chartPng, type ChartRequest, MAX_SERIES } from './render.ts';
import { type ChartSubject, type TrendSeries, trendSeries } from './series.ts';
import { windowDays } from '../present/days.ts';
import { clip } from '../present/text.ts';

export const SMALL_CHART_DAYS = 14;
/** Discord shows at most 1024 characters of an attachment's description. */
const DESCRIPTION_CHARS = 1024;

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Nov 2026" for 2026-11-12. */
export function formatDay(day: string): string {
  return DAY_FORMAT.format(new Date(`${day}T00:00:00Z`));
}

export function storiesWord(n: number): string {
  return `${n} ${n === 1 ? 'story' : 'stories'}`;
}

/** What the chart shows, in words: alt text for screen readers and the console's listing. */
export function chartDescription(series: TrendSeries[]): string {
  const days = series[0]?.days ?? [];
  const parts = series.map((s) => {
    const busiest = s.busiest ? `, busiest ${formatDay(s.busiest.day)} (${s.busiest.stories})` : '';
    return `${s.label}: ${storiesWord(s.stories)}${busiest}`;
  });
  const range = days.length ? `${formatDay(days[0]!.day)} to ${formatDay(days.at(-1)!.day)}` : '';
  const text = `Line chart of stories per day, ${range}. ${parts.join('; ')}.`;
  return clip(text, DESCRIPTION_CHARS);
}

export function chartAttachment(name: string, series: TrendSeries[], request: ChartRequest): ReplyAttachment {
  return { name, bytes: chartPng(series, request), description: chartDescription(series) };
}

/**
 * The small chart of the last 14 days for /topic and the digest: one line per subject that had any
 * story (at most five), or null when none had one. Nothing to draw means no picture, not an empty one.
 */
export async function smallChart(store: StoreEngine, scope: Scope, subjects: ChartSubject[], until: Date, name: string): Promise<ReplyAttachment | null> {
  const days = windowDays(until, SMALL_CHART_DAYS);
  const series: TrendSeries[] = [];
  for (const subject of subjects.slice(0, MAX_SERIES)) series.push(await trendSeries(store, scope, subject, days));
  const drawn = series.filter((s) => s.stories > 0);
  if (drawn.length === 0) return null;
  // One line has no legend: its name is the title.
  const title = drawn.length === 1 ? drawn[0]!.label : 'Stories per day';
  return chartAttachment(name, drawn, { title, subtitle: `${drawn.length === 1 ? 'Stories per day' : 'Each story once'}, last ${SMALL_CHART_DAYS} days`, size: 'small' });
}
