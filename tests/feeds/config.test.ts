// The feed settings: defaults, and a bad value stopping start-up with the variable's name.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.ts';

describe('feed settings', () => {
  it('defaults to a poll every 15 minutes, a backfill of 5 and data/feeds.json', () => {
    const config = configFromEnv({});
    expect(config.feedPollMinutes).toBe(15);
    expect(config.feedBackfill).toBe(5);
    expect(config.feedsPath).toMatch(/data\/feeds\.json$/);
    expect(config.feedUrls).toEqual([]);
  });

  it('reads FEEDS as URLs separated by commas or spaces and names a bad one', () => {
    expect(configFromEnv({ FEEDS: 'https://a.example/rss, https://b.example/atom.xml  http://c.example/f' }).feedUrls).toEqual([
      'https://a.example/rss',
      'https://b.example/atom.xml',
      'http://c.example/f',
    ]);
    expect(() => configFromEnv({ FEEDS: 'https://a.example/rss ftp://b.example/x' })).toThrow('FEEDS: "ftp://b.example/x" must be an http or https URL');
    expect(() => configFromEnv({ FEEDS: 'not-a-url' })).toThrow('FEEDS: "not-a-url" is not a URL');
    expect(() => configFromEnv({ FEED_POLL_MINUTES: '0' })).toThrow(/FEED_POLL_MINUTES "0" is not a positive whole number/);
    expect(() => configFromEnv({ FEED_BACKFILL: 'five' })).toThrow(/FEED_BACKFILL/);
  });
});
