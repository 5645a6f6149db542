/**
 * Remembers a pure function's results for the inputs it saw last: at most
 * `limit` of them, after which it starts over (the inputs that matter come
 * back at once). For work that hot paths repeat on the same few values, such
 * as rendering one of the course's 145 lessons, where each call made tens of
 * kilobytes of garbage for the collector.
 */
export function memoize<K, V>(compute: (key: K) => V, limit: number): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    const known = results.get(key);
    if (known !== undefined || results.has(key)) return known as V;
    if (results.size >= limit) results.clear();
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
