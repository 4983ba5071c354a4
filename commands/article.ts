// /article list for everyone, /article-admin add|remove for admins: the articles of a server.
import { fetchArticleUrl } from '../src/articles/fetch-url.ts';
import type { IngestReport } from '../src/pipeline/ingest.ts';
import { attachmentOption, bySubcommand, type CommandContext, type CommandSpec, defineCommand, numberOption, stringOption, type SubcommandOptions, UserError } from '../src/command.ts';
import { summarySentences } from '../src/domain/analysis.ts';
import { errorReply, type Reply } from '../src/reply.ts';
import { articleDate } from '../src/domain/article.ts';
import { SHARED } from '../src/domain/scope.ts';
import { readableText } from '../src/nlp/readable.ts';
import { SUMMARY_LENGTHS } from './summary.ts';

export const LIST_PAGE_SIZE = 10;

async function addArticle(ctx: CommandContext<SubcommandOptions<typeof articleAdminSpec, 'add'>>): Promise<Reply> {
  const { ingestor, config } = ctx.services;
  const text = stringOption(ctx, 'text');
  const file = attachmentOption(ctx, 'file');
  const url = stringOption(ctx, 'url');
  const given = [text, file, url].filter((v) => v !== null).length;
  if (given === 0) throw new UserError('Give the article as text:"…", file: (an attachment) or url:.');
  if (given > 1) throw new UserError('Give only one of text, file or url.');
  let report: IngestReport;
  if (file) {
    if (file.size > config.maxArticleBytes) {
      throw new UserError(`The file is too large (${file.size} bytes); the limit is ${config.maxArticleBytes} bytes.`);
    }
    report = await ingestor.ingestBytes(file.name, await file.read(), ctx.scope, { title: stringOption(ctx, 'title') });
  } else if (url) {
    const page = await fetchArticleUrl(url, { allowPrivate: config.allowPrivateUrls });
    report = await ingestor.ingestBytes(page.fileName, page.bytes, ctx.scope, { url: page.url, title: stringOption(ctx, 'title') });
  } else {
    report = await ingestor.ingestText('pasted text', text!, 'text', ctx.scope, { title: stringOption(ctx, 'title') });
  }
  return ingestReply(ctx, report);
}

export async function ingestReply(ctx: CommandContext, report: IngestReport): Promise<Reply> {
  const { articles } = ctx.services.store;
  const rejected = report.rejected[0];
  if (report.added.length === 0 && report.duplicates.length === 0) {
    return errorReply('Article not added', rejected ? `${rejected.source}: ${rejected.reason}` : 'Nothing to add.');
  }
  if (report.added.length === 0) {
    const duplicate = report.duplicates[0]!;
    return {
      title: 'Already stored',
      description: `This article is already stored as #${duplicate.id}: ${duplicate.title}`,
      sections: [],
      ephemeral: true,
      tone: 'warning',
    };
  }
  const first = report.added[0]!;
  const summary = summarySentences(await articles.sentences(first.id, ctx.scope), SUMMARY_LENGTHS.medium).map(readableText);
  const extra = report.added.length > 1 ? [`and ${report.added.length - 1} more article(s)`] : [];
  const problems = [
    ...report.duplicates.map((d) => `${d.source}: duplicate of #${d.id}`),
    ...report.rejected.map((r) => `${r.source}: ${r.reason}`),
  ];
  return {
    title: `Added #${first.id}: ${first.title}`,
    sections: [
      { heading: 'Summary', lines: summary },
      ...(extra.length ? [{ lines: extra }] : []),
      ...(problems.length ? [{ heading: 'Not added', lines: problems }] : []),
    ],
    ephemeral: true,
    tone: 'success',
  };
}

async function listArticles(ctx: CommandContext<SubcommandOptions<typeof articleSpec, 'list'>>): Promise<Reply> {
  const { articles } = ctx.services.store;
  const total = await articles.count(ctx.scope);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const page = Math.min(Math.max(1, numberOption(ctx, 'page') ?? 1), pages);
  const rows = await articles.list(ctx.scope, { limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE });
  const lines = rows.map((a) => {
    const outlet = a.outlet ? ` (${a.outlet})` : '';
    const mine = a.scope === SHARED ? '' : ' [this server]';
    return `#${a.id} · ${articleDate(a).slice(0, 10)} · ${a.title}${outlet}${mine}`;
  });
  return {
    title: `Articles (${total})`,
    sections: [{ lines: lines.length ? lines : ['No articles yet. Admins can add one with /article-admin add.'] }],
    paging: { page, pages },
  };
}

async function removeArticle(ctx: CommandContext<SubcommandOptions<typeof articleAdminSpec, 'remove'>>): Promise<Reply> {
  const id = numberOption(ctx, 'id');
  const { articles } = ctx.services.store;
  const article = id === null ? null : await articles.get(id, ctx.scope);
  if (!article) throw new UserError(`There is no article #${id} here. /article list shows the ids.`);
  if (!(await articles.remove(article.id, ctx.scope, ctx.services.clock().toISOString()))) {
    throw new UserError(`Article #${article.id} is shared with every server and cannot be removed from here.`);
  }
  return { title: `Removed #${article.id}`, description: article.title, sections: [], ephemeral: true, tone: 'success' };
}

const articleSpec = {
  name: 'article',
  description: 'List the articles the bot briefs from',
  subcommands: [
    {
      name: 'list',
      description: 'List the articles, newest first',
      options: [{ name: 'page', description: 'Page number', type: 'integer', minValue: 1 }],
    },
  ],
} as const satisfies CommandSpec;

export const articleCommand = defineCommand({
  spec: articleSpec,
  run: bySubcommand(articleSpec, { list: listArticles }),
});

/**
 * Adding and removing are a command of their own, for admins only as a whole, so Discord can hide it
 * from members (it gates whole commands, not subcommands); runCommand still checks every time.
 */
const articleAdminSpec = {
  name: 'article-admin',
  description: "Add and remove this server's articles",
  slow: true,
  admin: true,
  subcommands: [
    {
      name: 'add',
      description: 'Add an article from pasted text, an attached file or a URL',
      options: [
        { name: 'text', description: 'The article text, pasted', type: 'string', maxLength: 6000 },
        { name: 'file', description: 'A .txt, .md, .html, .json or .jsonl file', type: 'attachment' },
        { name: 'url', description: 'A web page to fetch', type: 'string', maxLength: 2000 },
        { name: 'title', description: 'The title, when the text has none', type: 'string', maxLength: 256 },
      ],
    },
    {
      name: 'remove',
      description: "Remove one of this server's articles",
      options: [{ name: 'id', description: 'The article id, as /article list shows it', type: 'integer', required: true, minValue: 1 }],
    },
  ],
} as const satisfies CommandSpec;

export const articleAdminCommand = defineCommand({
  spec: articleAdminSpec,
  run: bySubcommand(articleAdminSpec, { add: addArticle, remove: removeArticle }),
});
