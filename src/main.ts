// Entry point: configuration, store, the shipped articles, then Discord (with a token) or the console.
import { createServices, ingestShippedArticles } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { runConsole } from './console/console.ts';
import { reportLine } from './pipeline/ingest.ts';
import { channelFeedAlerts } from './feeds/alerts.ts';
import { FeedPoller, logAlerts } from './feeds/poller.ts';
import { syncSharedFeeds } from './feeds/shared.ts';
import { createLogger } from './log.ts';
import { SHARED } from './domain/scope.ts';
import { ownsGuild } from './discord/shards.ts';

async function main(): Promise<void> {
  let config;
  let log;
  let services;
  try {
    config = loadConfig();
    // In the console, info logs would interleave with the answers; only warnings are shown there.
    log = createLogger(config.discordToken === null && config.logLevel === 'info' ? 'warn' : config.logLevel);
    // Reads the taxonomy now, so a malformed one stops start-up with its line instead of failing the first ingest.
    services = await createServices(config, log);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const consoleMode = config.discordToken === null;
  // A shard's process is started by the manager, which has already loaded the shipped articles and feeds.
  const report = config.inShard ? null : await ingestShippedArticles(services);
  try {
    if (!config.inShard) await syncSharedFeeds(services);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    await services.store.close();
    process.exit(1);
  }
  const total = await services.store.articles.count(null);
  if (!consoleMode && config.shards !== null) {
    log.info({ articles: total, ingest: report && reportLine(report) }, 'starting Discord shards');
    // The manager only starts and watches the shards; each opens the store itself.
    await services.store.close();
    const { runShardManager } = await import('./discord/shards.ts');
    await runShardManager(config, log);
    return;
  }
  if (consoleMode) {
    const loaded = report ? `${reportLine(report)} from ${config.articlesDir}; ` : '';
    process.stderr.write(
      `No DISCORD_TOKEN set, so running the local console instead of Discord (${loaded}${total} articles stored). Type /help.\n`,
    );
    const poller = new FeedPoller(services, { alerts: logAlerts(services) });
    poller.start();
    await runConsole(services);
    await poller.stop();
    await services.store.close();
    return;
  }
  log.info({ articles: total, ingest: report && reportLine(report) }, 'starting Discord bot');
  const { startDiscordBot } = await import('./discord/bot.ts');
  const handle = await startDiscordBot(services);
  if (!handle) {
    // A shard that could not start exits, so its manager starts it again; alone, the exit code says it.
    if (config.inShard) process.exit(1);
    return;
  }
  // Feeds are polled by one process of a sharded bot, the one holding shard 0: dedup would keep a
  // second poller from storing an item twice, but every feed would be fetched twice.
  if (!ownsGuild(handle.placement, SHARED)) return;
  // New feed items arrive by themselves; a failing feed is told in its server's digest channel.
  const poller = new FeedPoller(services, { alerts: channelFeedAlerts(services, handle.post) });
  handle.onStop(() => poller.stop());
  poller.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
