/** Counting helpers of the generator: zero padding, sums, fair shares and readable ids. */

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const sumOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/** Near-equal counts of `total` over `parts`, the larger ones first. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/**
 * Shares `total` out in proportion to `weights` (Sainte-Laguë), at least one each and at most `caps[i]` while the
 * caps allow it.
 */
export function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const shares = weights.map(() => 1);
  const capacity = sumOf(caps);
  for (let given = shares.length; given < total; given++) {
    let best = 0;
    let bestPriority = -1;
    weights.forEach((weight, i) => {
      if (given < capacity && shares[i] >= caps[i]) return;
      const priority = weight / (shares[i] + 0.5);
      if (priority > bestPriority) [best, bestPriority] = [i, priority];
    });
    shares[best]++;
  }
  return shares;
}

/**
 * Cuts a row of items into `parts` consecutive groups of near-equal weight, none empty while there are enough
 * items: neighbours stay together. Returns each item's group.
 */
export function partition(weights: readonly number[], parts: number): number[] {
  const total = sumOf(weights) || 1;
  let before = 0;
  let group = -1;
  return weights.map((weight, i) => {
    const ideal = Math.floor(((before + weight / 2) / total) * parts);
    before += weight;
    const lowest = Math.max(group, 0, parts - (weights.length - i));
    const highest = Math.min(group + 1, parts - 1);
    group = Math.min(highest, Math.max(lowest, ideal));
    return group;
  });
}

/** Readable ids, zero-padded wide enough that text order is creation order at any scale. */
export function idMaker(prefix: string, minWidth: number, count: number): (n: number) => string {
  const width = Math.max(minWidth, String(count).length);
  return (n) => `${prefix}-${pad(n, width)}`;
}
