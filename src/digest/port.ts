// How commands reach this process's digest scheduler: through Services, never a module-level
// registry. The Discord bot attaches its scheduler once it runs; the console and the CLI have none,
// so /digest-admin now tells the user it needs the bot, and a settings change has nothing to reload.
import type { Schedule } from './slots.ts';

export interface DigestJob {
  /** The ledger key: a guild id, or 'shared' for the default digest from .env. */
  guild: string;
  channelId: string;
  schedule: Schedule;
  topics: string[];
  maxStories: number;
  /** Slots at or before this were never due (the schedule did not exist yet): no catch-up for them. */
  activeSince: string | null;
}

export type DeliveryOutcome =
  | { kind: 'posted'; messageIds: string[][]; stories: number }
  | { kind: 'empty' }
  | { kind: 'already' }
  /** /digest-admin now while this guild's digest is being posted: the second would repeat the first. */
  | { kind: 'in-progress' }
  | { kind: 'failed'; error: string }
  | { kind: 'stopped' };

/** What of a scheduler commands use. */
export interface DigestRunner {
  reload(): Promise<void>;
  postNow(job: DigestJob): Promise<DeliveryOutcome>;
}

export class DigestPort {
  private runner: DigestRunner | null = null;

  attach(runner: DigestRunner): void {
    this.runner = runner;
  }

  detach(runner: DigestRunner): void {
    if (this.runner === runner) this.runner = null;
  }

  /** Whether this process posts digests (the bot), as opposed to the console or the CLI. */
  get posting(): boolean {
    return this.runner !== null;
  }

  /** After /digest-admin setup or off: the scheduler re-reads every guild's settings. */
  async settingsChanged(): Promise<void> {
    await this.runner?.reload();
  }

  /** Posts a guild's digest now; null when this process posts none. */
  postNow(job: DigestJob): Promise<DeliveryOutcome> | null {
    return this.runner?.postNow(job) ?? null;
  }
}
