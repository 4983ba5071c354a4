// PLACEHOLDER until the Discord issue lands: the client, dispatch and renderer live in this folder.
import type { Services } from '../command.ts';

export async function startDiscordBot(services: Services): Promise<void> {
  services.log.error('the Discord client is not built yet; unset DISCORD_TOKEN to use the console');
  services.store.close();
  process.exitCode = 1;
}
