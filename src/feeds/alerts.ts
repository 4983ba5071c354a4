// Telling a server that one of its feeds is failing: one message in its digest channel (the shared
// feeds tell DIGEST_CHANNEL_ID), the log when there is no channel. The poller calls this once per
// failing spell and records that it did. Posting sits behind `ChannelPost` so this module needs no
// discord.js: the bot passes its one renderer's post (src/discord/bot.ts BotHandle.post).
import type { Services } from '../command.ts';
import type { Reply } from '../reply.ts';
import { SHARED } from '../domain/scope.ts';
import type { StoredFeed } from '../store/feeds.ts';
import type { FeedAlerts } from './poller.ts';

export type ChannelPost = (channelId: string, reply: Reply) => Promise<unknown>;

export function failingFeedReply(feed: StoredFeed): Reply {
  return {
    title: `Feed failing: ${feed.title ?? feed.url}`,
    description: `${feed.url} has failed ${feed.failures} polls in a row: ${feed.failingReason}. The bot keeps trying, less often; /feed list shows its state and /feed remove stops it.`,
    sections: [],
    tone: 'warning',
  };
}

export function channelFeedAlerts(services: Pick<Services, 'store' | 'config' | 'log'>, post: ChannelPost): FeedAlerts {
  return {
    async feedFailing(feed) {
      const settings = await services.store.digests.settings(feed.scope);
      const channelId = settings?.channelId ?? (feed.scope === SHARED ? services.config.digestChannelId : null);
      if (!channelId) {
        services.log.warn({ feed: feed.url, scope: feed.scope, reason: feed.failingReason }, 'feed marked failing (no digest channel to tell)');
        return;
      }
      await post(channelId, failingFeedReply(feed));
    },
  };
}
