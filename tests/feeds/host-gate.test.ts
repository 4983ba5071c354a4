// The poller's politeness: a few requests at once, never two to one host.
import { describe, expect, it } from 'vitest';
import { HostGate } from '../../src/feeds/poller.ts';

describe('HostGate', () => {
  it('runs at most `limit` tasks at once and one per host, and runs them all', async () => {
    const gate = new HostGate(3);
    let running = 0;
    let peak = 0;
    const busy = new Map<string, number>();
    let hostClash = false;
    const task = (host: string) => async (): Promise<string> => {
      running++;
      peak = Math.max(peak, running);
      busy.set(host, (busy.get(host) ?? 0) + 1);
      if (busy.get(host)! > 1) hostClash = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      busy.set(host, busy.get(host)! - 1);
      running--;
      return host;
    };
    const hosts = Array.from({ length: 40 }, (_, i) => `host-${i % 5}`);
    const done = await Promise.all(hosts.map((h) => gate.run(h, task(h))));
    expect(done).toEqual(hosts);
    expect(peak).toBe(3);
    expect(hostClash).toBe(false);
  });

  it('passes a failure to its caller and goes on with the rest', async () => {
    const gate = new HostGate(1);
    const failed = gate.run('a', () => Promise.reject(new Error('boom')));
    const next = gate.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
