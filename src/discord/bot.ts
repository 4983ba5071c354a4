// The Discord client: logs in with the Guilds intent only (a slash-command bot receives no messages;
// it reads its own recent ones over REST only to find a post an interrupted attempt landed),
// registers the commands when they changed, hands every interaction to the one dispatcher, and shuts
// down cleanly: in-flight answers finish, the client disconnects and the database closes within 5 s.
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { commands, findCommand } from '../../commands/index.ts';
import { preloadCharts } from '../charts/render.ts';
import type { Command, Services } from '../command.ts';
import { DigestScheduler, type PostAttempt } from '../digest/schedule.ts';
import { SHARED } from '../domain/scope.ts';
import type { Reply } from '../reply.ts';
import { Dispatcher } from './dispatch.ts';
import { type OwnPost, postOwn } from './own-post.ts';
import { registerCommands } from './registration.ts';
import { postReply } from './render.ts';
import { ownsGuild, type ShardPlacement } from './shards.ts';

/** SIGINT/SIGTERM to exit: Discord's own clients give up on a bot after a few seconds more. */
export const SHUTDOWN_MS = 5000;
const LOGIN_TIMEOUT_MS = 30_000;

export interface BotHandle {
  client: Client<true>;
  /** The shards this process holds when a sharding manager started it; null when it is the only process. */
  placement: ShardPlacement | null;
  /**
   * Posts a Reply to a channel through the one renderer (the scheduled digest uses this); with an
   * attempt, as a post of our own that lands once (nonce, and a look in the channel on a retry).
   */
  post(channelId: string, reply: Reply, attempt?: PostAttempt): Promise<string[]>;
  /** Posts on the bot's own initiative, at most once per key: see src/discord/own-post.ts. */
  postOwn(post: OwnPost): Promise<string[]>;
  /** Runs `hook` at shutdown, before the client is destroyed and the database closed. */
  onStop(hook: () => void | Promise<void>): void;
  /** Finishes in-flight answers (at most ~4 s), destroys the client and closes the database. */
  stop(): Promise<void>;
}

export interface BotOptions {
  /** Defaults to every command in commands/index.ts. */
  commands?: Command[];
}

/** Starts the bot and resolves once it is logged in, has every guild and has registered its commands. */
export async function startBot(services: Services, options: BotOptions = {}): Promise<BotHandle> {
  const { config, log } = services;
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  const list = options.commands ?? commands;
  const find = options.commands ? (name: string) => list.find((c) => c.spec.name === name) : findCommand;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
    allowedMentions: { parse: [] },
  });
  // Before login, while no interaction can be waiting on the event loop.
  if (config.charts) preloadCharts();
  const dispatcher = new Dispatcher(services, find);
  client.on(Events.InteractionCreate, (interaction) => void dispatcher.handle(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'Discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));

  let readyTimer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    readyTimer = setTimeout(() => reject(new Error(`Discord did not get ready within ${LOGIN_TIMEOUT_MS / 1000} s`)), LOGIN_TIMEOUT_MS);
    client.once(Events.ClientReady, resolve);
  });
  try {
    await client.login(config.discordToken);
    const readyClient = await ready;
    // Commands belong to the application, not to a shard: the process holding shard 0 registers them.
    const registration = ownsGuild(placementOf(client), SHARED)
      ? await registerCommands(client.rest, readyClient.application.id, config.discordGuildId, list)
      : { registeredBy: 'shard 0' };
    log.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, shards: client.shard?.ids, ...registration }, 'Discord bot ready');
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    // A failed login leaves `ready` unsettled; without its timer it can never reject unhandled.
    clearTimeout(readyTimer);
  }

  const hooks: (() => void | Promise<void>)[] = [];
  let stopping: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    const finished = await dispatcher.drain(SHUTDOWN_MS - 1000);
    if (!finished) log.warn('shutting down with answers still in flight');
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        log.error({ err: error }, 'shutdown hook failed');
      }
    }
    await client.destroy();
    await services.store.close();
    log.info('Discord bot stopped');
  };
  return {
    client: client as Client<true>,
    placement: placementOf(client),
    post: (channelId, reply, attempt) => (attempt ? postOwn(client, { channelId, reply, ...attempt }, log) : postReply(client, channelId, reply)),
    postOwn: (post) => postOwn(client, post, log),
    onStop: (hook) => void hooks.push(hook),
    stop: () => (stopping ??= stop()),
  };
}

function placementOf(client: Client): ShardPlacement | null {
  return client.shard ? { ids: client.shard.ids, count: client.shard.count } : null;
}

/** Entry point from main.ts: starts the bot and the digest, and stops both cleanly on SIGINT/SIGTERM. */
export async function startDiscordBot(services: Services): Promise<BotHandle | null> {
  let handle: BotHandle;
  try {
    handle = await startBot(services);
  } catch (error) {
    services.log.error({ err: error }, `could not start the Discord bot: ${(error as Error).message}`);
    await services.store.close();
    process.exitCode = 1;
    return null;
  }
  // The digest posts through the same client and renderer; it stops before the client does. Its
  // start-up catch-up may retry for a while, so the bot does not wait for it.
  // Each shard schedules its own servers' digests (the shared one goes with shard 0); the claim in the
  // store still decides, so an overlap while a shard restarts posts nothing twice.
  const digest = new DigestScheduler(services, handle.post, { owns: (guild) => ownsGuild(handle.placement, guild) });
  handle.onStop(() => digest.stop());
  digest.start().catch((error: unknown) => services.log.error({ err: error }, 'the digest scheduler did not start'));
  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    // A shard gets SIGTERM twice when its process group is signalled (directly, and from its manager).
    if (shuttingDown) return;
    shuttingDown = true;
    services.log.info({ signal }, 'shutting down');
    // The hard stop is a backstop for a hung network call; stop() itself is bounded by the drain.
    setTimeout(() => process.exit(0), SHUTDOWN_MS).unref();
    void handle.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A shard whose manager died (even by SIGKILL) stops too, rather than live on beside the shards a
  // restarted manager starts.
  if (services.config.inShard) {
    process.once('disconnect', () => shutdown('manager gone'));
    // It may have died while this shard was logging in, before there was a listener to tell.
    if (!process.connected) shutdown('manager gone');
  }
  return handle;
}
