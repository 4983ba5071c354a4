// Property tests of the one renderer: random and worst-case Replies always become messages Discord
// accepts (checked by the fake Discord's own validator), and nothing is cut mid-sentence or mid-link.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.ts';
import { pageCustomId, parsePageCustomId } from '../../src/discord/dispatch.ts';
import { escapeText, MAX_MESSAGES, renderLink, renderReply, type RenderedMessage } from '../../src/discord/render.ts';
import type { Reply } from '../../src/reply.ts';
import { messageLimitErrors } from '../e2e/fake-discord.ts';

const nasty = fc.constantFrom('*', '**', '_', '__', '~~', '`', '```', '||', '> ', '# ', '- ', '1. ', '[x](http://a.b)', '<@123456789012345678>', '@everyone', '\\', '\n', ' ', 'é', '😀', 'پاکستان');
const text = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.string({ maxLength: 40 }), nasty, fc.lorem({ maxCount: 3, mode: 'sentences' })), { maxLength: max }).map((parts) => parts.join(''));
const link = fc.record({ label: text(6), url: fc.oneof(fc.webUrl(), fc.constant('javascript:alert(1)'), fc.constant('https://x.example/a (b)')) });
const section = fc.record(
  {
    heading: text(4),
    lines: fc.array(fc.oneof(text(8), fc.string({ minLength: 3000, maxLength: 6000 })), { maxLength: 12 }),
    links: fc.array(link, { maxLength: 5 }),
  },
  { requiredKeys: ['lines'] },
);
const reply: fc.Arbitrary<Reply> = fc.record(
  {
    title: fc.oneof(text(6), fc.string({ maxLength: 600 })),
    url: fc.webUrl(),
    description: text(20),
    sections: fc.array(section, { maxLength: 12 }),
    footer: fc.oneof(text(4), fc.string({ maxLength: 3000 })),
    ephemeral: fc.boolean(),
    tone: fc.constantFrom('info', 'success', 'warning', 'error'),
    paging: fc.integer({ min: 1, max: 50 }).chain((pages) => fc.record({ page: fc.integer({ min: 1, max: pages }), pages: fc.constant(pages) })),
  },
  { requiredKeys: ['title', 'sections'] },
);

// Replies of an ordinary size (no 3,000-character lines, a few sections) so that most of them fit
// without being cut short and the whole-line property is checked on them, not skipped.
const fittingSection = fc.record(
  { heading: text(4), lines: fc.array(text(8), { maxLength: 6 }), links: fc.array(link, { maxLength: 3 }) },
  { requiredKeys: ['lines'] },
);
const fittingReply: fc.Arbitrary<Reply> = fc.record(
  { title: text(6), url: fc.webUrl(), description: text(10), sections: fc.array(fittingSection, { maxLength: 4 }), footer: text(4) },
  { requiredKeys: ['title', 'sections'] },
);

function descriptions(messages: RenderedMessage[]): string[] {
  return messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));
}

function expectValid(messages: RenderedMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES);
  for (const message of messages) {
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(messageLimitErrors(message as never)).toBeNull();
    expect(message.embeds.length).toBeGreaterThan(0);
  }
}

describe('renderReply', () => {
  it('keeps every random Reply within every Discord limit, with mentions off', () => {
    fc.assert(
      fc.property(reply, (r) => {
        expectValid(renderReply(r, { pageButtonId: (page) => `pg:x::${page}:` }));
      }),
      { numRuns: 60 },
    );
  });

  it('never cuts a link, and keeps every short line whole when the answer fits', () => {
    let checked = 0;
    fc.assert(
      fc.property(fittingReply, (r) => {
        const messages = renderReply(r);
        const all = descriptions(messages);
        const truncated = messages.at(-1)!.embeds.at(-1)!.footer?.text.includes('Cut short') ?? false;
        if (truncated) return;
        checked++;
        for (const s of r.sections) {
          for (const l of s.links ?? []) expect(all.some((d) => d.includes(renderLink(l)))).toBe(true);
          for (const line of s.lines.filter((x) => x.trim() && x.length < 3000)) {
            expect(all.some((d) => d.includes(escapeText(line)))).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it('splits a long paragraph between sentences, never inside one', () => {
    fc.assert(
      fc.property(fc.array(fc.lorem({ maxCount: 40, mode: 'words' }), { minLength: 60, maxLength: 200 }), (words) => {
        const sentences = words.filter((w) => w.trim()).map((w, i) => `Sentence ${i} says ${w.trim()}.`);
        const paragraph = sentences.join(' ');
        const messages = renderReply({ title: 'Long', sections: [{ lines: [paragraph] }] });
        expectValid(messages);
        const all = descriptions(messages).join('\n');
        for (const sentence of sentences) expect(all).toContain(escapeText(sentence));
      }),
      { numRuns: 50 },
    );
  });

  it('survives the worst case: one 60,000-character word, a 1,000-character title, 5,000-character footer, 2,000 links', () => {
    const worst: Reply = {
      title: 'T'.repeat(1000),
      description: 'x'.repeat(60_000),
      sections: [{ heading: 'H'.repeat(500), lines: ['*'.repeat(5000)], links: Array.from({ length: 2000 }, (_, i) => ({ label: `l${i}`, url: `https://e.example/${i}` })) }],
      footer: 'F'.repeat(5000),
      paging: { page: 2, pages: 3 },
    };
    const messages = renderReply(worst, { pageButtonId: () => 'p'.repeat(101) });
    expectValid(messages);
    expect(messages.at(-1)!.embeds.at(-1)!.footer?.text).toMatch(/Cut short.*$/);
    // The page state did not fit a custom id: no buttons, and the footer says how to page instead.
    expect(messages.every((m) => m.components.length === 0)).toBe(true);
    expect(messages.at(-1)!.embeds.at(-1)!.footer?.text).toContain('page:N');
  });

  it('escapes Markdown, masked links and mention syntax in article text', () => {
    const [message] = renderReply({ title: '**Title**', sections: [{ lines: ['**bold** [a](http://x.y) [b](http://z.w) <@123456789012345678> # not a heading'] }] });
    const description = message!.embeds[0]!.description!;
    expect(message!.embeds[0]!.title).toBe('\\*\\*Title\\*\\*');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).toContain('\\[a\\]');
    expect(description).toContain('\\[b\\]');
    expect(renderReply({ title: 't', sections: [{ lines: ['1. first', '- item', '## head'] }] })[0]!.embeds[0]!.description).toBe('1\\. first\n\\- item\n\\#\\# head'.replace('\\#\\#', '\\##'));
    expect(description).toContain('\\<@123456789012345678\\>');
  });

  it('shows a non-web URL as text, never as a link', () => {
    expect(renderLink({ label: 'x', url: 'javascript:alert(1)' })).not.toMatch(/\]\(/);
    expect(renderLink({ label: 'a [b]', url: 'https://e.example/a (b)' })).toBe('[a b](<https://e.example/a%20%28b%29>)');
  });
});

describe('attachments', () => {
  const png = (n: number, bytes = 64): { name: string; bytes: Uint8Array; description: string } => ({
    name: `chart ${n}.png`,
    bytes: new Uint8Array(bytes).fill(n),
    description: `chart number ${n}`,
  });
  const long: Reply = { title: 'Charts', sections: Array.from({ length: 12 }, (_, i) => ({ heading: `Part ${i}`, lines: ['x'.repeat(3000)] })) };

  it('go with the first message only, as files Discord accepts, bytes unchanged', () => {
    const messages = renderReply({ ...long, attachments: [png(1), png(2)] });
    expectValid(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0]!.files!.map((f) => [f.name, f.description, [...f.attachment.subarray(0, 2)]])).toEqual([
      ['chart_1.png', 'chart number 1', [1, 1]],
      ['chart_2.png', 'chart number 2', [2, 2]],
    ]);
    expect(messages.slice(1).every((m) => m.files === undefined)).toBe(true);
    expect(renderReply({ title: 'No files', sections: [] })[0]).not.toHaveProperty('files');
  });

  it('keep within 10 files and 25 MB a message, and the footer says what was left out', () => {
    const eleven = renderReply({ title: 'Many', sections: [], attachments: Array.from({ length: 11 }, (_, i) => png(i)) });
    expect(eleven[0]!.files).toHaveLength(10);
    expect(eleven.at(-1)!.embeds.at(-1)!.footer!.text).toMatch(/1 attached file left out: over Discord's limit/);
    const big = renderReply({ title: 'Big', sections: [], attachments: [png(1, 20 * 1024 * 1024), png(2, 10 * 1024 * 1024), png(3)] });
    expect(big[0]!.files!.map((f) => f.name)).toEqual(['chart_1.png', 'chart_3.png']);
    expect(big[0]!.files!.reduce((n, f) => n + f.attachment.length, 0)).toBeLessThanOrEqual(25 * 1024 * 1024);
    expectValid(big);
  });
});

describe('page button custom ids', () => {
  const command: Command = {
    spec: {
      name: 'quotes',
      description: 'd',
      options: [
        { name: 'speaker', description: 'd', type: 'string' },
        { name: 'days', description: 'd', type: 'integer' },
        { name: 'page', description: 'd', type: 'integer' },
      ],
    },
    run: () => ({ title: 't', sections: [] }),
  };
  const find = (name: string): Command | undefined => (name === 'quotes' ? command : undefined);

  it('round-trips the options and page, or refuses to encode past 100 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 1, max: 3650 }), fc.integer({ min: 1, max: 10_000 }), (speaker, days, page) => {
        const id = pageCustomId({ command, subcommand: null, options: { speaker, days, page: 1 } }, page);
        if (id === null) return;
        expect(id.length).toBeLessThanOrEqual(100);
        expect(parsePageCustomId(id, find)).toEqual({ command, subcommand: null, options: { speaker, days, page } });
      }),
    );
  });

  it('treats any other id as stale instead of throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (id) => {
        const parsed = parsePageCustomId(`pg:${id}`, find);
        if (parsed) expect(parsed.command).toBe(command);
      }),
    );
    expect(parsePageCustomId('pg:quotes::0:', find)).toBeNull();
    expect(parsePageCustomId('pg:quotes::2:unknown=1', find)).toBeNull();
    expect(parsePageCustomId('pg:gone::2:', find)).toBeNull();
  });
});
