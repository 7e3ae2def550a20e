/** Import names that differ from the name pip installs. */
const DISTRIBUTIONS: Record<string, string> = {
  sklearn: 'scikit-learn',
  skimage: 'scikit-image',
  cv2: 'opencv-python',
  PIL: 'Pillow',
  yaml: 'PyYAML',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  Crypto: 'pycryptodome',
  attr: 'attrs',
  google: 'protobuf',
  IPython: 'ipython',
  jwt: 'PyJWT',
  magic: 'python-magic',
  MySQLdb: 'mysqlclient',
  psycopg2: 'psycopg2-binary',
  serial: 'pyserial',
  sentencepiece: 'sentencepiece',
  docx: 'python-docx',
  pptx: 'python-pptx',
  fitz: 'PyMuPDF',
  lightgbm: 'lightgbm',
  tensorflow_transform: 'tensorflow-transform',
  tensorflow_data_validation: 'tensorflow-data-validation',
  tensorflow_model_analysis: 'tensorflow-model-analysis',
  apache_beam: 'apache-beam',
  pylab: 'matplotlib'
};

/** Normalised distribution name (PEP 503), for matching pins to imports. */
export function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function specName(spec: string): string {
  return normalise(/^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec.trim())?.[0] ?? spec);
}

/**
 * requirements.txt lines: one per third-party import actually used (standard library left
 * out), pinned by the notebook's `requirements` setting where it names the package; pins
 * for packages nothing imports are kept too (plugins, drivers). Sorted, no duplicates.
 */
export function requirementLines(
  modules: string[],
  stdlib: Set<string>,
  pins: string[] = []
): string[] {
  const byName = new Map<string, string>();
  for (const m of modules) {
    if (stdlib.has(m) || m.startsWith('_') || m === '__future__') continue;
    const dist = DISTRIBUTIONS[m] ?? m.replace(/_/g, '-');
    byName.set(normalise(dist), dist);
  }
  for (const spec of pins) byName.set(specName(spec), spec.trim());
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, line]) => line);
}

/**
 * Import names the bundle's runtime needs besides the notebook's own: fsspec for run
 * storage and cloudpickle for values no other format holds, always; pyarrow for Parquet
 * when pandas is used; joblib for models when a model library is.
 */
export function runtimeRequirements(modules: string[]): string[] {
  const used = new Set(modules);
  const extra = ['cloudpickle', 'fsspec'];
  if (used.has('pandas')) extra.push('pyarrow');
  if (['sklearn', 'xgboost', 'lightgbm', 'catboost', 'imblearn'].some(m => used.has(m))) {
    extra.push('joblib');
  }
  return extra;
}
