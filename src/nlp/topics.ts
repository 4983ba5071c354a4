// Topic tagging against the taxonomy. PLACEHOLDER: the topic issue replaces it.
import type { Article } from '../articles/article.ts';
import type { TopicTag } from './analyse.ts';
import type { BodySentence } from './summarise.ts';

export function tagTopics(_article: Article, _sentences: BodySentence[]): TopicTag[] {
  return [];
}
