import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../src/config.ts';

describe('configuration', () => {
  it('has working defaults for a newcomer', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      discordToken: null,
      digestCron: '0 8 * * *',
      digestTimezone: 'Asia/Karachi',
      maxArticleBytes: 2 * 1024 * 1024,
      allowPrivateUrls: false,
      digestWhenEmpty: 'post',
    });
    expect(config.databasePath).toMatch(/data\/brief\.db$/);
  });

  it.each([
    [{ DIGEST_TIMEZONE: 'Mars/Base' }, 'DIGEST_TIMEZONE "Mars/Base" is not an IANA timezone (e.g. Asia/Karachi)'],
    [{ DIGEST_TIMEZONE: '+05:00' }, 'DIGEST_TIMEZONE "+05:00" is not an IANA timezone (e.g. Asia/Karachi)'],
    [{ DIGEST_CRON: 'every day' }, 'DIGEST_CRON "every day" is not a cron expression (5 fields, or 6 with seconds first)'],
    [{ MAX_ARTICLE_BYTES: '2MB' }, 'MAX_ARTICLE_BYTES "2MB" is not a positive whole number'],
    [{ MAX_ARTICLE_BYTES: '0' }, 'MAX_ARTICLE_BYTES "0" is not a positive whole number'],
    [{ DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID "my-server" is not a Discord id (17 to 20 digits)'],
    [{ DIGEST_CHANNEL_ID: '#news' }, 'DIGEST_CHANNEL_ID "#news" is not a Discord id (17 to 20 digits)'],
    [{ DISCORD_API_URL: 'localhost:8080' }, 'DISCORD_API_URL "localhost:8080" must be an http or https URL'],
    [{ DISCORD_API_URL: 'not a url' }, 'DISCORD_API_URL "not a url" is not a URL (expected http://host:port/api)'],
    [{ ALLOW_PRIVATE_URLS: 'maybe' }, 'ALLOW_PRIVATE_URLS "maybe" is not a yes/no value (use 1 or 0)'],
    [{ ALLOW_PRIVATE_URLS: '127.0.0.2,localhost' }, 'ALLOW_PRIVATE_URLS "127.0.0.2,localhost" is not a yes/no value (use 1 or 0) nor a list of IP addresses'],
    [{ ALLOW_PRIVATE_URLS: '127.0.0.2', NODE_ENV: 'production' }, 'ALLOW_PRIVATE_URLS=127.0.0.2 is refused when NODE_ENV=production'],
    [{ ALLOW_PRIVATE_URLS: '1', NODE_ENV: 'production' }, 'ALLOW_PRIVATE_URLS=1 is refused when NODE_ENV=production (it lets /article-admin add fetch internal addresses)'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL "loud" is not one of fatal, error, warn, info, debug, trace, silent'],
    [{ DIGEST_WHEN_EMPTY: 'maybe' }, 'DIGEST_WHEN_EMPTY "maybe" must be post or skip'],
    [{ SHARDS: 'many' }, 'SHARDS "many" must be auto or a number of shards from 1 to 1000'],
    [{ SHARDS: '0' }, 'SHARDS "0" must be auto or a number of shards from 1 to 1000'],
    [{ DISCORD_TOKEN: 'abc def' }, 'DISCORD_TOKEN contains white space; paste the bot token exactly as shown in the Developer Portal'],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
  });

  it('takes a test allowance of named addresses', () => {
    expect(configFromEnv({ ALLOW_PRIVATE_URLS: '127.0.0.2, 127.0.0.3' }).allowPrivateUrls).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(configFromEnv({ ALLOW_PRIVATE_URLS: 'on' }).allowPrivateUrls).toBe(true);
  });

  it('accepts South Asian zones, a seconds-level cron and a loopback API URL', () => {
    const config = configFromEnv({ DIGEST_TIMEZONE: 'Asia/Kathmandu', DIGEST_CRON: '*/5 * * * * *', DISCORD_API_URL: 'http://127.0.0.1:9999/api/' });
    expect(config).toMatchObject({ digestTimezone: 'Asia/Kathmandu', digestCron: '*/5 * * * * *', discordApiUrl: 'http://127.0.0.1:9999/api' });
  });
  it('DATABASE_URL: unset or blank keeps the SQLite file at DATABASE_PATH, postgres:// selects PostgreSQL', () => {
    expect(configFromEnv({ DATABASE_PATH: 'x/brief.db' }).store).toEqual({ engine: 'sqlite', file: expect.stringMatching(/x\/brief\.db$/) });
    expect(configFromEnv({ DATABASE_URL: '   ' }).store.engine).toBe('sqlite');
    expect(configFromEnv({ DATABASE_PATH: ':memory:' }).store).toEqual({ engine: 'sqlite', file: ':memory:' });
    expect(configFromEnv({ DATABASE_URL: 'postgresql://bot:pw@db.internal:5433/brief' }).store).toEqual({ engine: 'postgres', url: 'postgres://bot:pw@db.internal:5433/brief' });
  });

  it.each([
    ['mysql://bot:hunter2@db/brief', /^DATABASE_URL must start with postgres:\/\//],
    ['postgres://bot:hunter2@db.internal:5432/', /^DATABASE_URL names no database .*bot:\*\*\*@/],
    ['brief.db', /^DATABASE_URL is not a URL/],
  ])('refuses DATABASE_URL=%s with a ConfigError naming the variable, never the password', (value, message) => {
    let error: unknown;
    try {
      configFromEnv({ DATABASE_URL: value });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads SHARDS in the process that starts the shards, and not in a shard it started', () => {
    expect(configFromEnv({}).shards).toBeNull();
    expect(configFromEnv({ SHARDS: 'AUTO' }).shards).toBe('auto');
    expect(configFromEnv({ SHARDS: '4' }).shards).toBe(4);
    // discord.js hands each shard SHARDS=<its id> and SHARDING_MANAGER=true.
    expect(configFromEnv({ SHARDS: '0', SHARDING_MANAGER: 'true' })).toMatchObject({ shards: null, inShard: true });
  });
});
