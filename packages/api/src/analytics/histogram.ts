// Times to accept as the rollup keeps them: counts per log-scale bucket, bucket k holding
// (G^(k-1), G^k] seconds (invitation_accept_bucket in the migration `invitation_stats`). A
// bucket's middle value is within 1% of every time in it, so a percentile read from the
// buckets is within 1% of the exact one, at any number of invitations.

const G = 1.01 / 0.99;

/** The value standing for bucket k: within 1% of every time it holds. */
const middle = (bucket: number) => (2 * G ** bucket) / (G + 1);

/** Counts per bucket. */
export type Histogram = Map<number, number>;

export function add(histogram: Histogram, bucket: number, count: number) {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

/**
 * The p-th percentile in seconds, interpolated between neighbouring ranks as PostgreSQL's
 * percentile_cont does; null for an empty histogram.
 */
export function percentile(histogram: Histogram, p: number): number | null {
  const buckets = [...histogram].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (!total) return null;
  const rank = p * (total - 1);
  const at = (wanted: number) => {
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (wanted < seen) return middle(bucket);
    }
    return middle(buckets[buckets.length - 1]![0]);
  };
  const [low, high] = [at(Math.floor(rank)), at(Math.ceil(rank))];
  return low + (rank - Math.floor(rank)) * (high - low);
}
