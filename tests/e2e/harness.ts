// Starts the real bot (startBot: real discord.js client, real dispatch, real SQLite) against the fake
// Discord, with a log that the test can read. Shared by the bot e2e tests, the digest e2e tests and
// the dispatch benchmark.
import { pino } from 'pino';
import { type BotHandle, type BotOptions, startBot } from '../../src/discord/bot.ts';
import { testServices, type TestServices } from '../support/store.ts';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Stack {
  discord: FakeDiscord;
  bot: BotHandle;
  services: TestServices;
  /** Every log line the bot wrote, parsed. */
  logs: LogLine[];
  /** Stops the bot (closing its database), the fake, and removes the temporary folder. */
  stop(): Promise<void>;
}

export interface StackOptions extends FakeDiscordOptions, BotOptions {
  /** Extra settings, as environment variables (ALLOW_PRIVATE_URLS, DISCORD_GUILD_ID, …). */
  env?: Record<string, string>;
  /** Reuse a running fake (to test a restart); it is not closed by stop(). */
  discord?: FakeDiscord;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const discord = options.discord ?? (await FakeDiscord.start(options));
  const logs: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const base = testServices({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, ...options.env });
  const services: TestServices = { ...base, log };
  const bot = await startBot(services, { commands: options.commands });
  return {
    discord,
    bot,
    services,
    logs,
    async stop() {
      await bot.stop();
      services.cleanup();
      if (!options.discord) await discord.close();
    },
  };
}
