// The store: one SQLite connection and one module per table family.
import { ArticleStore } from './articles.ts';
import { type Db, openDatabase } from './db.ts';

export class Store {
  readonly articles: ArticleStore;

  constructor(readonly db: Db) {
    this.articles = new ArticleStore(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
