// The store: one SQLite connection and one module per table family.
import { ArticleStore } from './articles.ts';
import { type Db, openDatabase } from './db.ts';
import { DigestStore } from './digests.ts';
import { FeedStore } from './feeds.ts';
import { QuoteStore } from './quotes.ts';
import { StoryStore } from './stories.ts';
import { TopicStore } from './topics.ts';
import { TrendStore } from './trends.ts';

export class Store {
  readonly articles: ArticleStore;
  readonly digests: DigestStore;
  readonly feeds: FeedStore;
  readonly quotes: QuoteStore;
  readonly stories: StoryStore;
  readonly topics: TopicStore;
  readonly trends: TrendStore;

  constructor(readonly db: Db) {
    this.articles = new ArticleStore(db);
    this.digests = new DigestStore(db);
    this.feeds = new FeedStore(db);
    this.quotes = new QuoteStore(db);
    this.stories = new StoryStore(db);
    this.topics = new TopicStore(db);
    this.trends = new TrendStore(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
