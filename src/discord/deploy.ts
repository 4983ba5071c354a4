// `npm run deploy-commands`: registers the slash commands now, without starting the bot (globally, or
// in DISCORD_GUILD_ID's server when it is set). Exits 0 whether it changed anything or found them current.
import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { registerCommands } from './registration.ts';

async function deploy(): Promise<void> {
  const config = loadConfig();
  if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN is not set; it is needed to register commands');
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const application = (await rest.get(Routes.currentApplication())) as { id: string; name?: string };
  const result = await registerCommands(rest, application.id, config.discordGuildId, commands);
  const names = commands.map((c) => `/${c.spec.name}`).join(', ');
  process.stdout.write(
    result.changed
      ? `Registered ${result.count} commands (${result.scope}): ${names}\n`
      : `Commands already up to date (${result.scope}): ${names}\n`,
  );
}

deploy().catch((error: unknown) => {
  const prefix = error instanceof ConfigError ? 'Configuration error' : 'Could not register the commands';
  process.stderr.write(`${prefix}: ${(error as Error).message}\n`);
  process.exit(1);
});
