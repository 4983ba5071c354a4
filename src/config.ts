// The only place that reads the environment. Every setting is validated here so a bad value stops
// start-up with one line that names the variable, instead of failing later somewhere deep.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { isCronExpression, isIanaTimezone } from './digest/slots.ts';
import { DatabaseUrlError, type StoreLocation, storeLocation } from './store/pg/url.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  discordToken: string | null;
  discordApiUrl: string | null;
  discordGuildId: string | null;
  databasePath: string;
  /** Where the store lives: the SQLite file at databasePath, or PostgreSQL when DATABASE_URL is set. */
  store: StoreLocation;
  articlesDir: string;
  topicsPath: string;
  maxArticleBytes: number;
  /** Non-public addresses URL and feed intake may fetch: none (false), all (true) or these (tests only). */
  allowPrivateUrls: boolean | readonly string[];
  nodeEnv: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  digestChannelId: string | null;
  digestCron: string;
  digestTimezone: string;
  digestWhenEmpty: 'post' | 'skip';
  /** Minutes between two polls of one feed; feeds are spread across this interval. */
  feedPollMinutes: number;
  /** Items the first poll of a new feed takes (the newest); older ones are marked seen. */
  feedBackfill: number;
  /** Shared feeds, one URL per entry (data/feeds.json). */
  feedsPath: string;
  /** Shared feeds from FEEDS, in addition to the file. */
  feedUrls: string[];
  /** Whether /topic and the digest attach a small chart (CHARTS=off leaves them text only). */
  charts: boolean;
  /**
   * SHARDS=auto|N: this process runs discord.js's sharding manager, which starts one process per
   * shard. Null when unset, and inside a shard's own process (the manager sets SHARDING_MANAGER).
   */
  shards: 'auto' | number | null;
  /** This process is one shard that a sharding manager started: the manager did the start-up work. */
  inShard: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SNOWFLAKE = /^\d{17,20}$/;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function snowflake(env: Env, name: string): string | null {
  const value = text(env, name);
  if (value !== null && !SNOWFLAKE.test(value)) {
    throw new ConfigError(`${name} "${value}" is not a Discord id (17 to 20 digits)`);
  }
  return value;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(`${name} "${value}" is not a positive whole number`);
  }
  return Number(value);
}

/** ALLOW_PRIVATE_URLS: a yes/no value, or the addresses a test serves on (127.0.0.2,127.0.0.3). */
function privateAllowance(env: Env): boolean | readonly string[] {
  const value = text(env, 'ALLOW_PRIVATE_URLS');
  if (value === null || /^(1|0|true|false|yes|no|on|off)$/i.test(value)) return flag(env, 'ALLOW_PRIVATE_URLS');
  const addresses = value.split(/[\s,]+/).filter(Boolean);
  const bad = addresses.find((address) => net.isIP(address) === 0);
  if (bad !== undefined || addresses.length === 0) {
    throw new ConfigError(`ALLOW_PRIVATE_URLS "${value}" is not a yes/no value (use 1 or 0) nor a list of IP addresses`);
  }
  return addresses;
}

function flag(env: Env, name: string): boolean {
  const value = text(env, name);
  if (value === null) return false;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} "${value}" is not a yes/no value (use 1 or 0)`);
}

function httpUrl(env: Env, name: string): string | null {
  const value = text(env, name);
  if (value === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} "${value}" is not a URL (expected http://host:port/api)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} "${value}" must be an http or https URL`);
  }
  return value.replace(/\/+$/, '');
}

/** FEEDS: http(s) URLs separated by commas or white space. */
function urlList(env: Env, name: string): string[] {
  const value = text(env, name);
  if (value === null) return [];
  return value.split(/[\s,]+/).filter(Boolean).map((entry) => {
    let parsed: URL;
    try {
      parsed = new URL(entry);
    } catch {
      throw new ConfigError(`${name}: "${entry}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`${name}: "${entry}" must be an http or https URL`);
    return parsed.href;
  });
}

function projectPath(env: Env, name: string, fallback: string): string {
  return path.resolve(PROJECT_ROOT, text(env, name) ?? fallback);
}

/** DATABASE_URL: unset or blank keeps the SQLite file; a refusal names the variable, never the password. */
function databaseLocation(env: Env, databasePath: string): StoreLocation {
  try {
    return storeLocation(text(env, 'DATABASE_URL'), databasePath);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new ConfigError(error.message);
    throw error;
  }
}

/** SHARDS: auto (Discord's recommended count) or a number of shards; ignored inside a shard it started. */
function shardCount(env: Env): 'auto' | number | null {
  if (text(env, 'SHARDING_MANAGER') !== null) return null;
  const value = text(env, 'SHARDS');
  if (value === null) return null;
  if (value.toLowerCase() === 'auto') return 'auto';
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
    throw new ConfigError(`SHARDS "${value}" must be auto or a number of shards from 1 to 1000`);
  }
  return Number(value);
}

/** Validates an environment (process.env by default) into a Config, or throws ConfigError. */
export function configFromEnv(env: Env): Config {
  const nodeEnv = text(env, 'NODE_ENV') ?? 'development';
  const allowPrivateUrls = privateAllowance(env);
  if (allowPrivateUrls !== false && nodeEnv === 'production') {
    throw new ConfigError(`ALLOW_PRIVATE_URLS=${text(env, 'ALLOW_PRIVATE_URLS')} is refused when NODE_ENV=production (it lets /article-admin add fetch internal addresses)`);
  }
  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const digestTimezone = text(env, 'DIGEST_TIMEZONE') ?? 'Asia/Karachi';
  if (!isIanaTimezone(digestTimezone)) {
    throw new ConfigError(`DIGEST_TIMEZONE "${digestTimezone}" is not an IANA timezone (e.g. Asia/Karachi)`);
  }
  const digestCron = text(env, 'DIGEST_CRON') ?? '0 8 * * *';
  if (!isCronExpression(digestCron)) {
    throw new ConfigError(`DIGEST_CRON "${digestCron}" is not a cron expression (5 fields, or 6 with seconds first)`);
  }
  const digestWhenEmpty = (text(env, 'DIGEST_WHEN_EMPTY') ?? 'post').toLowerCase();
  if (digestWhenEmpty !== 'post' && digestWhenEmpty !== 'skip') {
    throw new ConfigError(`DIGEST_WHEN_EMPTY "${digestWhenEmpty}" must be post or skip`);
  }
  const token = text(env, 'DISCORD_TOKEN');
  if (token !== null && /\s/.test(token)) {
    throw new ConfigError('DISCORD_TOKEN contains white space; paste the bot token exactly as shown in the Developer Portal');
  }
  const databasePath = text(env, 'DATABASE_PATH') === ':memory:' ? ':memory:' : projectPath(env, 'DATABASE_PATH', 'data/brief.db');
  return {
    discordToken: token,
    discordApiUrl: httpUrl(env, 'DISCORD_API_URL'),
    discordGuildId: snowflake(env, 'DISCORD_GUILD_ID'),
    databasePath,
    store: databaseLocation(env, databasePath),
    articlesDir: projectPath(env, 'ARTICLES_DIR', 'data/articles'),
    topicsPath: projectPath(env, 'TOPICS_PATH', 'data/topics.json'),
    maxArticleBytes: positiveInteger(env, 'MAX_ARTICLE_BYTES', 2 * 1024 * 1024),
    allowPrivateUrls,
    nodeEnv,
    logLevel: logLevel as Config['logLevel'],
    digestChannelId: snowflake(env, 'DIGEST_CHANNEL_ID'),
    digestCron,
    digestTimezone,
    digestWhenEmpty,
    feedPollMinutes: positiveInteger(env, 'FEED_POLL_MINUTES', 15),
    feedBackfill: positiveInteger(env, 'FEED_BACKFILL', 5),
    feedsPath: projectPath(env, 'FEEDS_PATH', 'data/feeds.json'),
    feedUrls: urlList(env, 'FEEDS'),
    charts: text(env, 'CHARTS') === null || flag(env, 'CHARTS'),
    shards: shardCount(env),
    inShard: text(env, 'SHARDING_MANAGER') !== null,
  };
}

/**
 * Loads `.env` (or the file ENV_FILE names; tests point it nowhere so a developer's .env cannot leak
 * in) without overriding variables already set, and validates the result.
 */
export function loadConfig(): Config {
  dotenv.config({ path: process.env.ENV_FILE ?? path.join(PROJECT_ROOT, '.env'), quiet: true });
  return configFromEnv(process.env);
}
