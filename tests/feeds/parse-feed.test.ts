// Feed documents to items: keys, links, dates, order, and every kind of broken feed refused with a reason.
import { describe, expect, it } from 'vitest';
import { RejectedInput } from '../../src/domain/article.ts';
import { decodeFeedBytes, parseFeedText } from '../../src/feeds/parse-feed.ts';

const BASE = 'https://news.example.org/feeds/main.xml';
const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>${items}</channel></rss>`;

function refusal(text: string): string {
  try {
    parseFeedText(text, BASE);
  } catch (error) {
    expect(error).toBeInstanceOf(RejectedInput);
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('parseFeedText', () => {
  it('keys items by guid, else canonical URL, else title and date, and resolves relative links', () => {
    const feed = parseFeedText(
      rss(
        '<item><title>A</title><guid>id-1</guid><link>/a?utm_source=x</link></item>' +
          '<item><title>B</title><link>https://news.example.org/b?utm_source=feed</link></item>' +
          '<item><title>C &lt;b&gt;bold&lt;/b&gt;</title><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>' +
          '<item><title>B again</title><link>https://news.example.org/b</link></item>',
      ),
      BASE,
    );
    expect(feed.items.map((i) => i.key)).toEqual(['guid:id-1', 'url:https://news.example.org/b', 'title:C bold|2026-12-01T10:00:00.000Z']);
    expect(feed.items[0]!.link).toBe('https://news.example.org/a?utm_source=x');
    expect(feed.items[2]!.published).toBe('2026-12-01T10:00:00.000Z');
  });

  it('orders dated items newest first', () => {
    const feed = parseFeedText(rss(['01', '03', '02'].map((d) => `<item><guid>${d}</guid><pubDate>${d} Dec 2026 10:00:00 GMT</pubDate></item>`).join('')), BASE);
    expect(feed.items.map((i) => i.key)).toEqual(['guid:03', 'guid:02', 'guid:01']);
  });

  it('refuses broken, deep and foreign documents with a reason', () => {
    expect(refusal(rss('<item><title>x</item>'))).toMatch(/^malformed XML: .*\(line 1, column \d+\)/);
    expect(refusal(`<rss><channel>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</channel></rss>`)).toMatch(/nested too deeply: 500\d levels/);
    expect(refusal('{"version": "https://jsonfeed.org/version/1.1", "items": [')).toMatch(/^malformed JSON Feed/);
    expect(refusal('<html><body><p>A web page</p></body></html>')).toMatch(/not a feed/);
    expect(refusal('plain words')).toMatch(/not a feed/);
    expect(refusal('  ')).toMatch(/empty/);
  });
});

describe('decodeFeedBytes', () => {
  it('reads the charset the XML declaration or Content-Type names', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf\xe9</title></channel></rss>', 'latin1');
    expect(decodeFeedBytes(latin1, 'application/rss+xml')).toContain('Café');
    expect(decodeFeedBytes(Buffer.from('caf\xe9', 'latin1'), 'text/xml; charset=windows-1252')).toBe('café');
    expect(() => decodeFeedBytes(Buffer.from([0xff, 0xfe, 0xfd]), 'text/xml')).toThrow(/not valid utf-8 text/);
  });
});
