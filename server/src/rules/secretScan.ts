/**
 * The one secret scanner: secretlint's recommended preset over a notebook's decoded text,
 * its matches located and masked. The rules worker runs it for the service (check, preview
 * and promotion); the CLI's check runs it in process.
 */
import { lintSource } from '@secretlint/core';
import { creator } from '@secretlint/secretlint-rule-preset-recommend';
import { finding, type ScanText, type SecretFinding } from './secretText';

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };

export async function scanSecrets(text: ScanText): Promise<SecretFinding[]> {
  if (text.content === '') return [];
  const r = await lintSource({
    source: { filePath: '/notebook.txt', content: text.content, ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true }
  });
  const out: SecretFinding[] = [];
  for (const m of r.messages) {
    const f = finding(text, [m.range[0], m.range[1]], m.ruleId, m.messageId);
    if (f) out.push(f);
  }
  return out;
}
