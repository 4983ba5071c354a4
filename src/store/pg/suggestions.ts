// What autocomplete reads on PostgreSQL, kept per process: the speaker index and each server's own
// topics. Autocomplete runs on every keystroke; a database read per keystroke (the speaker index's
// version is a count over the articles) is what this saves. Kept at most SUGGESTION_TTL_MS since it
// was last looked up, so what another process sharing the database changed shows within that time;
// this process's own changes drop what they make stale at once. One per engine, shared with its
// transactions' families.
import { SUGGESTION_TTL_MS } from '../engine.ts';
import type { SpeakerEntry } from '../quotes.ts';
import type { GuildTopic } from '../topics.ts';

export interface SuggestionOptions {
  /** How old a suggestion may be (SUGGESTION_TTL_MS by default). */
  ttlMs?: number;
  /** A clock in milliseconds that only moves forward (tests move it by hand). */
  now?: () => number;
}

export class Suggestions {
  readonly ttlMs: number;
  readonly now: () => number;
  speakers: SpeakerEntry[] = [];
  /** The articles' count and newest id the speaker index was built at. */
  speakerVersion = '';
  /** When that version was last compared with the database's. */
  speakersCheckedAt = -Infinity;
  readonly guildTopics = new Map<string, { topics: GuildTopic[]; readAt: number }>();
  /** Counts this process's changes to guild topics: a read that started before one is not kept. */
  guildTopicChanges = 0;
  /** Counts this process's stored or removed articles: a speaker check that started before one is not kept. */
  articleChanges = 0;

  constructor(options: SuggestionOptions = {}) {
    this.ttlMs = options.ttlMs ?? SUGGESTION_TTL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether something read at `at` may still be suggested. */
  fresh(at: number): boolean {
    return this.now() - at < this.ttlMs;
  }

  /** This process added or removed a topic of the guild (`scope`). */
  guildTopicsChanged(scope: string): void {
    this.guildTopicChanges++;
    this.guildTopics.delete(scope);
  }

  /** This process stored or removed articles: the next suggestion looks at the database again. */
  articlesChanged(): void {
    this.articleChanges++;
    this.speakersCheckedAt = -Infinity;
  }
}
