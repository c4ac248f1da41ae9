/**
 * Counts occurrences of keyed things (a clicked element, a failure signature) and says when one
 * key reached `count` within `windowMs`. Pure: time is passed in. After a burst fires, that
 * key starts over, so one burst is reported once.
 */
export function createBurstCounter<K>(count: number, windowMs: number) {
  const seen = new Map<K, number[]>();
  return {
    /** Notes one occurrence at `now`; true when this one completes a burst. */
    add(key: K, now: number): boolean {
      const recent = (seen.get(key) ?? []).filter((t) => now - t < windowMs);
      recent.push(now);
      if (recent.length >= count) {
        seen.delete(key);
        return true;
      }
      seen.set(key, recent);
      // Bounded memory: keys whose occurrences all expired are dropped now and then.
      if (seen.size > 200)
        for (const [k, times] of seen)
          if (now - (times[times.length - 1] ?? 0) >= windowMs) seen.delete(k);
      return false;
    },
    clear() {
      seen.clear();
    },
  };
}
