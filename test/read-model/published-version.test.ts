import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PublishedVersion, VERSION_TRUSTED_FOR_MS } from '../../src/read-model/published-version';
import { uniqueId } from '../helpers/api';
import { advanceClock } from '../helpers/clock';

describe('a read model version', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('is seen at once by the isolate that published it', async () => {
    const version = new PublishedVersion(env.READ_MODEL, uniqueId('test:version'));
    expect(await version.read()).toBeNull();
    await version.publish('v1');
    expect(await version.read()).toBe('v1');
    await version.publish('v2');
    expect(await version.read()).toBe('v2');
  });

  it("is trusted for a short window, after which another isolate's publish is seen", async () => {
    const key = uniqueId('test:version');
    const version = new PublishedVersion(env.READ_MODEL, key);
    await version.publish('v1');
    // What another isolate's publish leaves in KV.
    await env.READ_MODEL.put(key, 'v2');
    advanceClock(VERSION_TRUSTED_FOR_MS - 1);
    expect(await version.read()).toBe('v1');
    advanceClock(1);
    expect(await version.read()).toBe('v2');
  });
});
