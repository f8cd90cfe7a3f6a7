/**
 * A pure function's results remembered by argument, for work repeated query after query with
 * the same arguments (stems, folded passage texts, typo look-ups, snippet layouts). At most
 * `limit` results are kept; when full, all are forgotten at once: cheaper than tracking which
 * were used last, and the working set comes back within a few queries.
 */
export function remembered<K, V>(compute: (argument: K) => V, limit: number): (argument: K) => V {
  const results = new Map<K, V>();
  return (argument) => {
    let result = results.get(argument);
    if (result === undefined) {
      if (results.size >= limit) results.clear();
      result = compute(argument);
      results.set(argument, result);
    }
    return result;
  };
}
