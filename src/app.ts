// Builds the services every front end shares (config, taxonomy, store, ingest, digest port, log) and loads data/ into the
// store. main.ts, the CLI, the tests and the benchmarks all start here.
import { existsSync } from 'node:fs';
import { findCommand } from '../commands/index.ts';
import { Ingestor, type IngestReport } from './pipeline/ingest.ts';
import { runCommand, type Services, UserError } from './command.ts';
import type { Config } from './config.ts';
import { parseCommandLine } from './console/command-line.ts';
import type { Logger } from './log.ts';
import { errorReply, type Reply } from './reply.ts';
import type { StoreEngine } from './store/engine.ts';
import { openStoreEngine } from './store/open.ts';
import { DigestPort } from './digest/port.ts';
import { openTaxonomy, type Taxonomy } from './nlp/topics.ts';

/**
 * Reads TOPICS_PATH (a malformed file is a ConfigError) and opens the store config.store names: the
 * SQLite file, or PostgreSQL (migrated to this program's schema on open).
 */
export async function createServices(config: Config, log: Logger, clock: () => Date = () => new Date()): Promise<Services> {
  const taxonomy = openTaxonomy(config.topicsPath);
  return servicesOver(await openStoreEngine(config.store), config, taxonomy, log, clock);
}

/** The services of one process over an open store: tests and a second process on one store use it too. */
export function servicesOver(store: StoreEngine, config: Config, taxonomy: Taxonomy, log: Logger, clock: () => Date = () => new Date()): Services {
  return { config, store, ingestor: new Ingestor(store, taxonomy, config.maxArticleBytes, clock), taxonomy, digest: new DigestPort(), log, clock };
}

/**
 * Ingests data/articles (idempotent: known articles are recognised by hash and skipped), leaving out
 * those an admin removed.
 */
export async function ingestShippedArticles(services: Services): Promise<IngestReport | null> {
  const dir = services.config.articlesDir;
  if (!existsSync(dir)) return null;
  const report = await services.ingestor.ingestPaths([dir], null, undefined, 'honour');
  for (const r of report.rejected) services.log.warn({ source: r.source, reason: r.reason }, 'article rejected');
  return report;
}

export interface Caller {
  guildId: string | null;
  userId: string;
  isAdmin: boolean;
}

export const LOCAL_OPERATOR: Caller = { guildId: null, userId: 'console', isAdmin: true };

/** Runs a typed command line ("/article list page:2") exactly as Discord would run the command. */
export async function askCommandLine(services: Services, line: string, caller: Caller = LOCAL_OPERATOR): Promise<Reply> {
  let parsed;
  try {
    parsed = parseCommandLine(line, findCommand);
  } catch (error) {
    if (error instanceof UserError) return errorReply(line.trim().split(/\s+/)[0] ?? 'command', error.message);
    throw error;
  }
  return runCommand(parsed.command, {
    services,
    scope: caller.guildId,
    guildId: caller.guildId,
    userId: caller.userId,
    isAdmin: caller.isAdmin,
    subcommand: parsed.subcommand,
    options: parsed.options,
  });
}
