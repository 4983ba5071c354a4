// Feed documents and article pages written for the tests and the feeds bench (our own wording,
// generated from a number, so every story is distinct and no outlet's text is copied).

export interface StoryFixture {
  id: string;
  title: string;
  /** Path of the article page on the test server, or an absolute URL. */
  link: string;
  published: string;
  summary: string;
}

const PLACES = ['Peshawar', 'Quetta', 'Kabul', 'Lahore', 'Karachi', 'Srinagar', 'Jalalabad', 'Gilgit', 'Multan', 'Kandahar'];
const EVENTS = ['a bridge reopened', 'a market fire was put out', 'a new police post opened', 'a flood warning was issued', 'a border crossing closed for repairs', 'schools reopened after the holiday'];

export function story(n: number, linkBase = '/page', day = 1): StoryFixture {
  const place = PLACES[n % PLACES.length]!;
  const event = EVENTS[Math.floor(n / PLACES.length) % EVENTS.length]!;
  return {
    id: `story-${n}`,
    title: `Story ${n}: in ${place}, ${event}`,
    link: `${linkBase}/${n}`,
    published: new Date(Date.UTC(2026, 10, day, 6, 0, 0) + n * 60_000).toISOString(),
    summary: `Officials in ${place} said ${event} on the morning of report ${n}.`,
  };
}

/** An article page with enough prose for Readability to find it as the main text. */
export function articlePage(n: number): string {
  const place = PLACES[n % PLACES.length]!;
  const event = EVENTS[Math.floor(n / PLACES.length) % EVENTS.length]!;
  const paragraphs = [
    `${place.toUpperCase()}: Officials said on Monday that ${event}, in what they called report number ${n} of the week.`,
    `A district spokesman told reporters that work had gone on through the night and that residents were asked to stay patient while crews finished, according to report ${n}.`,
    `"We expect normal traffic by the evening," the spokesman said, adding that further updates would follow once the inspection teams had filed their notes for case ${n}.`,
    `Residents said the change would shorten their journeys to the main market, which had been slow for about ${(n % 9) + 2} days.`,
  ];
  return `<!doctype html><html><head><title>Story ${n} | Test Desk</title></head><body><nav><a href="/">Home</a></nav><article><h1>Story ${n}: in ${place}, ${event}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><footer>Test Desk</footer></body></html>`;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssFeed(title: string, stories: StoryFixture[], base: string): string {
  const items = stories
    .map((s) => `<item><title>${escapeXml(s.title)}</title><link>${escapeXml(new URL(s.link, base).href)}</link><guid isPermaLink="false">${s.id}</guid><pubDate>${new Date(s.published).toUTCString()}</pubDate><description>${escapeXml(`<p>${s.summary}</p>`)}</description></item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>${base}</link><description>Test feed</description>${items}</channel></rss>`;
}

export function atomFeed(title: string, stories: StoryFixture[], base: string): string {
  const entries = stories
    .map((s) => `<entry><title>${escapeXml(s.title)}</title><id>urn:test:${s.id}</id><link rel="alternate" href="${escapeXml(new URL(s.link, base).href)}"/><published>${s.published}</published><updated>${s.published}</updated><summary>${escapeXml(s.summary)}</summary></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:test:feed</id><updated>2026-11-01T00:00:00Z</updated>${entries}</feed>`;
}

export function rdfFeed(title: string, stories: StoryFixture[], base: string): string {
  const items = stories
    .map((s) => {
      const link = escapeXml(new URL(s.link, base).href);
      return `<item rdf:about="${link}"><title>${escapeXml(s.title)}</title><link>${link}</link><description>${escapeXml(s.summary)}</description><dc:date>${s.published}</dc:date></item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="${base}"><title>${escapeXml(title)}</title><link>${base}</link><description>Test feed</description></channel>${items}</rdf:RDF>`;
}

export function jsonFeed(title: string, stories: StoryFixture[], base: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: stories.map((s) => ({ id: s.id, url: new URL(s.link, base).href, title: s.title, content_html: `<p>${s.summary}</p>`, date_published: s.published })),
  });
}
