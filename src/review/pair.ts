/**
 * Which two sides the review panel compares. Base: what is in production now, an earlier
 * revision, or the revision the reader last reviewed; head: any revision. The service takes
 * the same words in `?base=` and `?head=`.
 */

export type BaseChoice = 'production' | 'last-reviewed' | number;

export interface Pair {
  base: BaseChoice;
  head: number;
}

export interface PairOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** The `?base=&head=` query for a pair. */
export function pairQuery(pair: Pair): string {
  return `base=${encodeURIComponent(String(pair.base))}&head=${pair.head}`;
}

/** Read a base choice back from a select's value or a command argument. */
export function parseBase(value: unknown): BaseChoice | null {
  if (value === 'production' || value === 'last-reviewed') {
    return value;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/**
 * The base picker's options for a head revision. "Since my last review" is offered only when
 * the reader reviewed an earlier revision than the head; revisions from the head on are not
 * offered (base is the older side).
 */
export function baseOptions(
  head: number,
  lastReviewed: number | null,
  environment: string
): PairOption[] {
  const options: PairOption[] = [{ value: 'production', label: `What is in ${environment} now` }];
  if (lastReviewed !== null && lastReviewed < head) {
    options.push({
      value: 'last-reviewed',
      label: `Since my last review (revision ${lastReviewed})`
    });
  }
  for (let n = head - 1; n >= 1; n--) {
    options.push({ value: String(n), label: `Revision ${n}` });
  }
  return options;
}

/** The head picker's options: every revision, newest first. */
export function headOptions(latest: number): PairOption[] {
  const options: PairOption[] = [];
  for (let n = latest; n >= 1; n--) {
    options.push({
      value: String(n),
      label: n === latest ? `Revision ${n} (latest)` : `Revision ${n}`
    });
  }
  return options;
}

/**
 * Where a review opens when the reader did not pick a base: since their last review when they
 * reviewed an earlier revision than the head (they re-review only what changed), else what the
 * environment runs now.
 */
export function defaultBase(lastReviewed: number | null, head: number): BaseChoice {
  return lastReviewed !== null && lastReviewed < head ? 'last-reviewed' : 'production';
}

/**
 * A pair that still makes sense after the head moved: a base at or past the head is reset, and
 * so is "since my last review" when that review is not older than the head (the picker does
 * not offer it then). `lastReviewed` undefined leaves "since my last review" alone.
 */
export function clampPair(pair: Pair, latest: number, lastReviewed?: number | null): Pair {
  const head = Math.min(Math.max(1, pair.head), latest);
  const stale =
    (typeof pair.base === 'number' && pair.base >= head) ||
    (pair.base === 'last-reviewed' &&
      lastReviewed !== undefined &&
      (lastReviewed === null || lastReviewed >= head));
  return { base: stale ? 'production' : pair.base, head };
}
