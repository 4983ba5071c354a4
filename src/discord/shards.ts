// Sharding (SHARDS=auto|N): this process becomes discord.js's ShardingManager and starts one process
// per shard, each running main.ts as a bot that holds only its shard's servers. Nothing here posts or
// stores: a shard's scheduled work is claimed through the shared store, so it runs once whichever
// process (on whichever machine) picks it up.
import path from 'node:path';
import { REST, type RESTGetAPIGatewayBotResult, Routes, ShardClientUtil, ShardingManager } from 'discord.js';
import { SHARED } from '../domain/scope.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

/** Discord's identify window: each bucket of max_concurrency shards may identify once per 5 s. */
const IDENTIFY_WINDOW_MS = 5_000;
const SHARD_READY_TIMEOUT_MS = 60_000;
const STOP_MS = 8_000;

/** The shards a process holds, as discord.js tells a shard's client (`client.shard`). */
export interface ShardPlacement {
  ids: readonly number[];
  count: number;
}

/**
 * Whether this process owns a server's scheduled work. The shared digest (no server) belongs with
 * shard 0; without sharding, one process owns everything.
 */
export function ownsGuild(placement: ShardPlacement | null, guild: string): boolean {
  if (!placement) return true;
  const shard = guild === SHARED ? 0 : ShardClientUtil.shardIdForGuildId(guild, placement.count);
  return placement.ids.includes(shard);
}

/**
 * Asks Discord for its recommended shard count and identify concurrency. Through DISCORD_API_URL
 * when set, so a staging or test Discord decides too (discord.js's own helper always asks discord.com).
 */
async function gatewayPlan(config: Config): Promise<{ shards: number; maxConcurrency: number }> {
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken!);
  const answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return { shards: Math.max(1, answer.shards), maxConcurrency: Math.max(1, answer.session_start_limit.max_concurrency) };
}

/** Starts every shard's process and returns once all are ready; SIGINT/SIGTERM stop them cleanly. */
export async function runShardManager(config: Config, log: Logger): Promise<ShardingManager> {
  const plan = await gatewayPlan(config);
  const totalShards = config.shards === 'auto' ? plan.shards : config.shards!;
  const entry = path.resolve(process.argv[1]!);
  const manager = new ShardingManager(entry, {
    totalShards,
    token: config.discordToken!,
    mode: 'process',
    respawn: true,
    // The shard runs the same entry the same way (under tsx, its loader is in execArgv).
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    // mode 'process': each shard is a ChildProcess.
    shard.on('spawn', () => log.info({ shard: shard.id, pid: shard.process?.pid }, 'shard process started'));
    shard.on('death', () =>
      log.warn({ shard: shard.id, pid: shard.process?.pid, exitCode: shard.process?.exitCode ?? null, respawn: manager.respawn }, 'shard process exited'),
    );
    shard.on('error', (error) => log.error({ shard: shard.id, err: error }, 'shard process error'));
  });
  let stopping = false;
  const stop = (signal: string): void => {
    // A signal to the process group reaches us twice (directly and relayed by tsx): stop once.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping every shard');
    manager.respawn = false;
    setTimeout(() => process.exit(0), STOP_MS).unref();
    const exits = [...manager.shards.values()].map(
      (shard) =>
        new Promise<void>((resolve) => {
          const child = shard.process;
          if (!child || child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          // Each shard drains its answers and closes its store on SIGTERM, as a lone bot does.
          child.kill('SIGTERM');
        }),
    );
    void Promise.all(exits).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  log.info({ totalShards, recommended: plan.shards, maxConcurrency: plan.maxConcurrency, pid: process.pid }, 'starting shards');
  // Shards in one identify bucket start a window apart; with max_concurrency buckets, proportionally sooner.
  await manager.spawn({ amount: totalShards, delay: Math.ceil(IDENTIFY_WINDOW_MS / plan.maxConcurrency), timeout: SHARD_READY_TIMEOUT_MS });
  log.info({ totalShards }, 'every shard is ready');
  return manager;
}
