/**
 * Secrets: the scanner's findings (secretlint's recommended preset, run by the service) plus
 * the admin's own patterns (RE2), over the decoded notebook. Only masked values and hashes
 * leave this module; findings an admin accepted (by hash) pass.
 */
import type { EvaluationFacts } from './facts';
import { matchesOf, SECRET_PATTERN_LIMIT } from './patterns';
import { finding, placeLabel, scanText, type SecretFinding } from './secretText';
import type { SecretsRule } from './types';
import { fail, pass, plural, type Verdict } from './verdict';

/** Findings of the admin's extra patterns. */
export function patternFindings(rule: SecretsRule, facts: EvaluationFacts): SecretFinding[] {
  const patterns = rule.parameters?.patterns ?? [];
  if (patterns.length === 0) return [];
  const opts = options(rule);
  const scan = scanText(facts.notebook, opts);
  const out: SecretFinding[] = [];
  for (const p of patterns) {
    for (const range of matchesOf(scan, p.pattern, false, SECRET_PATTERN_LIMIT)) {
      const f = finding(scan, range, `pattern:${p.id}`, p.message ?? p.id);
      if (f) out.push(f);
    }
  }
  return out;
}

export function options(rule: SecretsRule): { outputs: boolean; metadata: boolean } {
  return {
    outputs: rule.parameters?.scanOutputs ?? true,
    metadata: rule.parameters?.scanMetadata ?? true
  };
}

function wanted(f: SecretFinding, rule: SecretsRule): boolean {
  const p = rule.parameters ?? {};
  if ((p.disabledScanners ?? []).includes(f.scanner)) return false;
  if (f.place === 'output' && p.scanOutputs === false) return false;
  if ((f.place === 'metadata' || f.place === 'cell_metadata') && p.scanMetadata === false) {
    return false;
  }
  return true;
}

export function evaluateSecrets(rule: SecretsRule, facts: EvaluationFacts): Verdict {
  if (facts.secrets === null) {
    // Fail closed: a scan that did not run must not pass a notebook.
    return fail(['the secret scan could not run; try again or ask an admin']);
  }
  const all = [...facts.secrets.filter(f => wanted(f, rule)), ...patternFindings(rule, facts)];
  const findings = all.map(f => ({ ...f, accepted: facts.acceptedSecrets.has(f.sha256) }));
  const open = findings.filter(f => !f.accepted);
  const details = { findings };
  if (open.length === 0) {
    const accepted = findings.length - open.length;
    return pass(
      accepted > 0
        ? `no secrets (${plural(accepted, 'finding')} accepted by an admin)`
        : 'no secrets found',
      details
    );
  }
  return fail(
    open.map(f => `possible secret (${f.kind}) in ${placeLabel(f)}: ${f.masked}`),
    details
  );
}
