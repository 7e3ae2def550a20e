import type { ProblemList } from './problems';
import type { NotebookCell, PodSettings, VolumeSpec } from './types';

export type { PodSettings, VolumeSpec };

/**
 * Per-step container settings written as Kale tags (`limit:`, `image:`, `annotation:`,
 * `label:`, `cache:`) or as Kale's notebook defaults (`metadata.kubeflow_notebook`).
 * Each value is checked the way Kubernetes would check it, so a pod the cluster would refuse
 * is refused at check time, naming the cell.
 */

// Kubernetes resource.Quantity: a decimal number and an SI, binary-SI or exponent suffix.
const QUANTITY =
  /^\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
// A qualified name: an optional DNS-subdomain prefix and a name of at most 63 characters.
const NAME_PART = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const QUALIFIED_NAME = new RegExp(`^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?/)?${NAME_PART}$`);
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
// A reference such as registry:5000/team/image:tag@sha256:..., without spaces.
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

export type PodTagResult =
  { ok: true; apply: (into: PodSettings) => void } | { ok: false; message: string };

const POD_TAG = /^(limit|annotation|label|image|cache):/;

export function isPodTag(tag: string): boolean {
  return POD_TAG.test(tag);
}

function keyValue(rest: string): [string, string] | undefined {
  const i = rest.indexOf(':');
  return i < 0 ? undefined : [rest.slice(0, i), rest.slice(i + 1)];
}

/** Read one Kale pod tag; a malformed one says what Kubernetes would refuse. */
export function readPodTag(tag: string): PodTagResult {
  const m = POD_TAG.exec(tag)!;
  const kind = m[1];
  const rest = tag.slice(m[0].length);
  if (kind === 'image') {
    if (!IMAGE.test(rest)) {
      return { ok: false, message: `"${rest}" is not a container image reference.` };
    }
    return { ok: true, apply: s => (s.image = rest) };
  }
  if (kind === 'cache') {
    if (rest !== 'enabled' && rest !== 'disabled') {
      return { ok: false, message: 'write cache:enabled or cache:disabled.' };
    }
    return { ok: true, apply: s => (s.cache = rest === 'enabled') };
  }
  const kv = keyValue(rest);
  if (!kv || kv[0] === '') {
    return { ok: false, message: `write ${kind}:<name>:<value>.` };
  }
  const [key, value] = kv;
  if (!QUALIFIED_NAME.test(key)) {
    return {
      ok: false,
      message: `"${key}" is not a Kubernetes ${kind === 'limit' ? 'resource' : kind} name.`
    };
  }
  if (kind === 'limit') {
    if (!isQuantity(value)) {
      return {
        ok: false,
        message: `"${value}" is not a Kubernetes quantity (e.g. 2, 500m, 4Gi) for ${key}.`
      };
    }
    return { ok: true, apply: s => (s.limits = { ...s.limits, [key]: value }) };
  }
  if (kind === 'label') {
    if (!LABEL_VALUE.test(value)) {
      return {
        ok: false,
        message:
          `"${value}" is not a Kubernetes label value (at most 63 letters, digits, ` +
          '-, _ or ., starting and ending with a letter or digit).'
      };
    }
    return { ok: true, apply: s => (s.labels = { ...s.labels, [key]: value }) };
  }
  return { ok: true, apply: s => (s.annotations = { ...s.annotations, [key]: value }) };
}

/** Later settings win key by key; maps merge. */
export function mergePod(base: PodSettings, over: PodSettings): PodSettings {
  const out: PodSettings = { ...base };
  if (over.image !== undefined) out.image = over.image;
  if (over.cache !== undefined) out.cache = over.cache;
  for (const k of ['limits', 'annotations', 'labels'] as const) {
    if (over[k]) out[k] = { ...out[k], ...over[k] };
  }
  return out;
}

export interface KaleDefaults {
  pod: PodSettings;
  volumes: VolumeSpec[];
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

/** Kale's `steps_defaults`: a list of tags, or the dict Kale itself saves after parsing it. */
function readStepsDefaults(value: unknown, problems: ProblemList): PodSettings {
  let pod: PodSettings = {};
  const where = 'metadata.kubeflow_notebook.steps_defaults';
  if (Array.isArray(value)) {
    value.forEach((t, i) => {
      const tag = typeof t === 'string' ? t.trim() : '';
      if (!isPodTag(tag)) {
        problems.error(
          'invalid_metadata',
          `${where}/${i}: ${JSON.stringify(t)} is not a step setting ` +
            '(limit:, annotation:, label:, image: or cache:).'
        );
        return;
      }
      const r = readPodTag(tag);
      if (!r.ok) problems.error('invalid_metadata', `${where}/${i}: tag "${tag}": ${r.message}`);
      else r.apply(pod);
    });
  } else if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const tags = [
      ...Object.entries(stringMap(v.limits) ?? {}).map(([k, q]) => `limit:${k}:${q}`),
      ...Object.entries(stringMap(v.annotations) ?? {}).map(([k, q]) => `annotation:${k}:${q}`),
      ...Object.entries(stringMap(v.labels) ?? {}).map(([k, q]) => `label:${k}:${q}`)
    ];
    pod = readStepsDefaults(tags, problems);
  } else if (value !== undefined && value !== null) {
    problems.error('invalid_metadata', `${where}: must be a list of tags.`);
  }
  return pod;
}

function readVolumes(value: unknown, problems: ProblemList): VolumeSpec[] {
  if (value === undefined || value === null) return [];
  const where = 'metadata.kubeflow_notebook.volumes';
  if (!Array.isArray(value)) {
    problems.error('invalid_metadata', `${where}: must be a list of volumes.`);
    return [];
  }
  const out: VolumeSpec[] = [];
  value.forEach((raw, i) => {
    const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const missing = ['name', 'mount_point', 'type'].filter(
      k => typeof v[k] !== 'string' || v[k] === ''
    );
    if (missing.length > 0) {
      problems.error('invalid_metadata', `${where}/${i}: ${missing.join(', ')} missing.`);
      return;
    }
    const spec: VolumeSpec = {
      name: v.name as string,
      mount_point: v.mount_point as string,
      type: v.type as string
    };
    if (v.size !== undefined && v.size !== null && v.size !== '') {
      const size = `${String(v.size)}${typeof v.size_type === 'string' ? v.size_type : ''}`;
      if (!isQuantity(size)) {
        problems.error('invalid_metadata', `${where}/${i}: size "${size}" is not a quantity.`);
        return;
      }
      spec.size = size;
    }
    // Kale saves annotations as [{key, value}] pairs.
    if (Array.isArray(v.annotations) && v.annotations.length > 0) {
      const ann: Record<string, string> = {};
      for (const a of v.annotations as Record<string, unknown>[]) {
        if (a && typeof a.key === 'string' && a.key !== '') ann[a.key] = String(a.value ?? '');
      }
      if (Object.keys(ann).length > 0) spec.annotations = ann;
    }
    out.push(spec);
  });
  return out;
}

/** Kale's notebook settings as defaults for every step: image, steps_defaults, volumes. */
export function readKaleDefaults(
  meta: Record<string, unknown> | undefined,
  problems: ProblemList
): KaleDefaults {
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return { pod: {}, volumes: [] };
  let pod = readStepsDefaults(meta.steps_defaults, problems);
  if (typeof meta.docker_image === 'string' && meta.docker_image.trim() !== '') {
    const r = readPodTag(`image:${meta.docker_image.trim()}`);
    if (!r.ok) {
      problems.error('invalid_metadata', `metadata.kubeflow_notebook.docker_image: ${r.message}`);
    } else {
      const img: PodSettings = {};
      r.apply(img);
      pod = mergePod(img, pod);
    }
  }
  return { pod, volumes: readVolumes(meta.volumes, problems) };
}

/** Report a malformed pod tag on a cell. */
export function badPodTag(problems: ProblemList, cell: NotebookCell, tag: string, msg: string) {
  problems.error('malformed_tag', `Tag "${tag}": ${msg}`, { cell });
}
