// The store: one SQLite connection and one module per table family.
import { ArticleStore } from './articles.ts';
import { type Db, openDatabase } from './db.ts';
import { DigestStore } from './digests.ts';
import { QuoteStore } from './quotes.ts';
import { StoryStore } from './stories.ts';
import { TopicStore } from './topics.ts';

export class Store {
  readonly articles: ArticleStore;
  readonly digests: DigestStore;
  readonly quotes: QuoteStore;
  readonly stories: StoryStore;
  readonly topics: TopicStore;

  constructor(readonly db: Db) {
    this.articles = new ArticleStore(db);
    this.digests = new DigestStore(db);
    this.quotes = new QuoteStore(db);
    this.stories = new StoryStore(db);
    this.topics = new TopicStore(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
