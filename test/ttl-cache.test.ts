// The worker-local cache of reads (activities/ttl-cache.ts), on a clock the test moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTtlCache } from '../activities/ttl-cache';

test('keeps a read for its time, reads again after it, on request, and after a failure; drops the least recently used', async () => {
  let clock = 0;
  let reads = 0;
  const cache = createTtlCache<string, number>({ ttlMs: 100, maxEntries: 2, now: () => clock });
  const read = () => Promise.resolve(++reads);
  assert.equal(await cache.get('a', read), 1);
  assert.equal(await cache.get('a', read), 1, 'kept');
  clock = 100;
  assert.equal(await cache.get('a', read), 2, 'expired');
  assert.equal(await cache.get('a', read, { fresh: true }), 3, 'asked fresh');

  await assert.rejects(cache.get('b', () => Promise.reject(new Error('Looker said no'))));
  assert.equal(await cache.get('b', read), 4, 'a failed read is not kept');

  assert.equal(await cache.get('a', read), 3, 'a used last');
  assert.equal(await cache.get('c', read), 5);
  assert.equal(await cache.get('a', read), 3, 'a kept');
  assert.equal(await cache.get('b', read), 6, 'b, least recently used, was dropped');
});
