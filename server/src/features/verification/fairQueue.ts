/**
 * Which queued run starts next: the oldest of the author who has the fewest runs going, so
 * one person submitting ten revisions does not hold everyone else's verifications back.
 */
export interface Queued {
  id: number;
  author: string;
}

export function nextFairly<T extends Queued>(
  queued: readonly T[],
  running: readonly Queued[]
): T | undefined {
  const load = new Map<string, number>();
  for (const r of running) load.set(r.author, (load.get(r.author) ?? 0) + 1);
  let best: T | undefined;
  for (const q of queued) {
    // `queued` is oldest first: a later run wins only with a strictly lighter author.
    if (best === undefined || (load.get(q.author) ?? 0) < (load.get(best.author) ?? 0)) best = q;
  }
  return best;
}
