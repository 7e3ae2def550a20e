/**
 * Whether notebook code fixes its random seed. A run that differs from a notebook that never
 * seeds is most likely just another draw, and the person reading the verdict should know that.
 */

// Calls and arguments that fix a seed in the libraries notebooks use most.
const SEED_PATTERNS: RegExp[] = [
  /\brandom\.seed\s*\(/, // random.seed, np.random.seed, numpy.random.seed
  /\brandom_state\s*=\s*[^\s,)]/, // scikit-learn estimators and splits
  /\b(?:torch|torch\.cuda)\.manual_seed(?:_all)?\s*\(/,
  /\b(?:tf|tensorflow)\.(?:random\.set_seed|set_random_seed)\s*\(/,
  /\bkeras\.utils\.set_random_seed\s*\(/,
  /\bseed_everything\s*\(/, // lightning, transformers-style helpers
  /\bset_seed\s*\(/,
  /\bdefault_rng\s*\(\s*[^)\s]/, // np.random.default_rng(42)
  /\bRandomState\s*\(\s*[^)\s]/,
  /\b(?:seed|random_seed)\s*=\s*\d/, // xgboost, lightgbm, catboost keyword arguments
  /PYTHONHASHSEED/
];

// A comment is no seed: drop `#` to the end of the line (strings rarely hold one here).
function code(source: string): string {
  return source
    .split('\n')
    .map(line => line.replace(/#.*$/, ''))
    .join('\n');
}

/** The first seeding call found in the sources, or null when none seeds. */
export function seedCallIn(sources: readonly string[]): string | null {
  for (const source of sources) {
    const text = code(source);
    for (const p of SEED_PATTERNS) {
      const m = p.exec(text);
      if (m) return m[0].trim();
    }
  }
  return null;
}

export const SEED_HINT =
  'The notebook sets no random seed (random.seed, np.random.seed, random_state=, ' +
  'torch.manual_seed, ...): the run may differ only because it drew other random numbers. ' +
  'Set a seed in the notebook and run it again.';
