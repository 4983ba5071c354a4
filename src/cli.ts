// The `brief` command line: batch work on files and one-off commands, for people and for tools.
// Stdout carries only results (JSONL or the command's text); progress and errors go to stderr.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findCommand } from '../commands/index.ts';
import { reportLine } from './pipeline/ingest.ts';
import { askCommandLine, createServices, ingestShippedArticles, LOCAL_OPERATOR } from './app.ts';
import { type BatchItem, readBatch, runBatch } from './cli/batch.ts';
import { clusterBatch } from './cli/clusters.ts';
import { ConfigError, loadConfig } from './config.ts';
import { FeedPoller, pollSummaryLine } from './feeds/poller.ts';
import { syncSharedFeeds } from './feeds/shared.ts';
import { runCommand, type Services } from './command.ts';
import { replyToText, writeAttachments } from './console/render.ts';
import { createLogger } from './log.ts';
import { analyseArticle } from './nlp/analyse.ts';
import { type Analysis, summarySentences } from './domain/analysis.ts';
import type { Article } from './domain/article.ts';
import { openTaxonomy } from './nlp/topics.ts';
import { readableText } from './nlp/readable.ts';
import { explainQuotes } from './nlp/explain-quotes.ts';
import { migrateToPostgres, MigrationError } from './store/migrate-to-pg.ts';
import { DatabaseUrlError, parsePostgresUrl } from './store/pg/url.ts';

const USAGE = `Usage:
  brief ingest <files or folders…>          add articles to the shared collection
  brief feeds poll                          poll every feed now and take in their new articles
  brief ask "<command line>"                run a slash command, e.g. brief ask "/article list"
  brief summarise --in <file.jsonl> [--sentences N]
                                            {id, text, title?, sentences?} lines -> {id, summary}
  brief quotes --in <file.jsonl> [--explain] {id, text, title?} lines -> {id, quotes: [{quote, speaker, confidence}]}
                                            --explain adds each quote's top speaker candidates with their feature contributions
  brief topics --in <file.jsonl>            {id, text, title?} lines -> {id, topics: [topic ids]}
  brief clusters --in <file.jsonl>          {id, text, title?, published?} lines -> {id, cluster} (one label per story)
                                            --in also takes an article file (.txt, .md, .html, .json), read as ingest reads it
  brief digest [--since 24h]                the digest as /digest preview shows it (since the last one, at most 36 h)
  brief chart --topics <id,id…> | --query "<text>" [--days 30] [--out trend.png]
                                            /trend's chart as a PNG file; prints the totals and where it wrote
  brief migrate --to "$DATABASE_URL" [--from <file.db>]
                                            copy the SQLite store (DATABASE_PATH) into an empty PostgreSQL database,
                                            verifying every table's row count and checksum; nothing is committed otherwise`;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const err = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Batch commands read the configuration for TOPICS_PATH and MAX_ARTICLE_BYTES only: they open no store. */
function batchAnalyser(): (article: Article) => Analysis {
  const taxonomy = openTaxonomy(loadConfig().topicsPath);
  return (article) => analyseArticle(article, taxonomy);
}

function inputArticles(values: { in?: string }): BatchItem[] {
  if (!values.in) throw new ConfigError('--in <file.jsonl, or an article file> is required');
  return readBatch(values.in, loadConfig().maxArticleBytes);
}

type CliCommand = (args: string[]) => Promise<number>;

/** Opens the configured store for `work` and closes it however `work` ends (a PostgreSQL pool would otherwise hold the exit). */
async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await createServices(loadConfig(), createLogger('warn'));
  try {
    return await work(services);
  } finally {
    await services.store.close();
  }
}

const cliCommands: Record<string, CliCommand> = {
  async ingest(args) {
    if (args.length === 0) throw new ConfigError('brief ingest needs files or folders to read');
    return withServices(async (services) => {
      const started = Date.now();
      const report = await services.ingestor.ingestPaths(args, null, (done) => {
        if (Date.now() - started > 1000) err(`… ${done} articles read`);
      });
      for (const r of report.rejected) err(`rejected ${r.source}: ${r.reason}`);
      out(reportLine(report));
      return 0;
    });
  },

  async feeds(args) {
    if (args[0] !== 'poll' || args.length > 1) throw new ConfigError('usage: brief feeds poll');
    return withServices(async (services) => {
      await syncSharedFeeds(services);
      const summary = await new FeedPoller(services).pollAll();
      for (const result of summary.results) {
        const feed = await services.store.feeds.get(result.feedId);
        if (result.error) err(`feed ${feed?.url ?? result.feedId}: ${result.error}`);
        for (const item of result.items) if (item.outcome === 'rejected') err(`feed ${feed?.url ?? result.feedId} item ${item.key}: ${item.reason}`);
      }
      out(pollSummaryLine(summary));
      return 0;
    });
  },

  async ask(args) {
    const line = args.join(' ').trim();
    if (!line) throw new ConfigError('brief ask needs a command line, e.g. brief ask "/help"');
    return withServices(async (services) => {
      await ingestShippedArticles(services);
      const reply = await askCommandLine(services, line.startsWith('/') ? line : `/${line}`);
      out(replyToText(reply, writeAttachments(reply)));
      return reply.tone === 'error' ? 1 : 0;
    });
  },

  async digest(args) {
    const { values } = parseArgs({ args, options: { since: { type: 'string' } } });
    // The same command path as `brief ask "/digest preview since:24h"`, so the two print the same text.
    return cliCommands.ask!([`/digest preview${values.since ? ` since:${values.since}` : ''}`]);
  },

  async chart(args) {
    const { values } = parseArgs({ args, options: { topics: { type: 'string' }, query: { type: 'string' }, days: { type: 'string' }, out: { type: 'string' } } });
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new ConfigError('--days must be a whole number of at least 1');
    if (!values.topics && !values.query) throw new ConfigError('brief chart needs --topics <id,id…> or --query "<text>"');
    // Options handed over as they are, not through a typed command line: a query may hold quotes.
    const options = {
      ...(values.topics ? { topics: values.topics } : {}),
      ...(values.query ? { query: values.query } : {}),
      ...(days !== undefined ? { days } : {}),
    };
    const reply = await withServices(async (services) => {
      await ingestShippedArticles(services);
      return runCommand(findCommand('trend')!, { services, scope: null, ...LOCAL_OPERATOR, subcommand: null, options });
    });
    const chart = reply.attachments?.[0];
    if (!chart) {
      // No stories (or a refusal): the text says which; there is no empty picture to write.
      err(replyToText(reply));
      return 1;
    }
    const file = values.out ? path.resolve(values.out) : writeAttachments(reply)[0]!;
    if (values.out) writeFileSync(file, chart.bytes);
    out(replyToText({ ...reply, attachments: [chart] }, [file]));
    return 0;
  },

  async summarise(args) {
    const { values } = parseArgs({ args, options: { in: { type: 'string' }, sentences: { type: 'string', default: '3' } } });
    const fallback = Number(values.sentences);
    if (!Number.isInteger(fallback) || fallback < 1) throw new ConfigError('--sentences must be a whole number of at least 1');
    const analyseRecord = batchAnalyser();
    const failures = runBatch(inputArticles(values), (article, record) => {
      const count = typeof record?.sentences === 'number' && record.sentences >= 1 ? Math.floor(record.sentences) : fallback;
      const analysis = analyseRecord(article);
      return { summary: summarySentences(analysis.sentences, count).map(readableText).join('\n') };
    }, out);
    return failures ? 1 : 0;
  },

  async quotes(args) {
    const { values } = parseArgs({ args, options: { in: { type: 'string' }, explain: { type: 'boolean', default: false } } });
    const analyseRecord = batchAnalyser();
    const failures = runBatch(inputArticles(values), (article) => {
      if (values.explain) return { quotes: explainQuotes(article) };
      return { quotes: analyseRecord(article).quotes.map((q) => ({ quote: q.text, speaker: q.speaker, confidence: q.confidence === undefined ? null : Number(q.confidence.toFixed(3)) })) };
    }, out);
    return failures ? 1 : 0;
  },

  async topics(args) {
    const { values } = parseArgs({ args, options: { in: { type: 'string' } } });
    const analyseRecord = batchAnalyser();
    const failures = runBatch(inputArticles(values), (article) => ({ topics: analyseRecord(article).topics.map((t) => t.topicId) }), out);
    return failures ? 1 : 0;
  },

  async clusters(args) {
    const { values } = parseArgs({ args, options: { in: { type: 'string' } } });
    return clusterBatch(inputArticles(values), out) ? 1 : 0;
  },

  async migrate(args) {
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } });
    if (!values.to) throw new ConfigError('brief migrate needs --to postgres://user:password@host:5432/database');
    try {
      const url = parsePostgresUrl(values.to);
      const from = values.from ? path.resolve(values.from) : loadConfig().databasePath;
      const report = await migrateToPostgres(from, url, err);
      const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
      out(`copied ${rows} rows in ${report.tables.length} tables from ${report.from} to ${report.to}; every count and checksum verified`);
      return 0;
    } catch (error) {
      if (error instanceof DatabaseUrlError || error instanceof MigrationError) throw new ConfigError(error.message);
      throw error;
    }
  },
};
cliCommands.summarize = cliCommands.summarise!;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE);
    return name ? 0 : 2;
  }
  const command = cliCommands[name];
  if (!command) {
    err(`brief: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`brief ${name}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    err(`brief: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  },
);
