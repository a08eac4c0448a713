// A worker-local cache of reads that may be a little stale (name lists, explores): each value is
// kept for `ttlMs`, the oldest dropped past `maxEntries`, and a read that fails is not kept, so
// the next caller reads again. Callers that know their copy is out of date ask for a fresh one.

export interface TtlCache<K, V> {
  /** The cached value of `key`, or `read()`'s (kept); `fresh` reads again whatever is cached. */
  get(key: K, read: () => Promise<V>, options?: { fresh?: boolean }): Promise<V>;
}

export function createTtlCache<K, V>({ ttlMs, maxEntries = 1000, now = Date.now }: { ttlMs: number; maxEntries?: number; now?: () => number }): TtlCache<K, V> {
  // A Map keeps insertion order: re-inserting on use makes its first key the least recently used.
  const entries = new Map<K, { readAtMs: number; value: Promise<V> }>();
  return {
    get(key, read, options = {}) {
      const cached = entries.get(key);
      entries.delete(key);
      if (cached && !options.fresh && now() - cached.readAtMs < ttlMs) {
        entries.set(key, cached);
        return cached.value;
      }
      const entry = { readAtMs: now(), value: read() };
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    },
  };
}
