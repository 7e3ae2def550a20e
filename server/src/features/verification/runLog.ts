/**
 * A run's log as people get to read it: capped (the start says what began, the end says how
 * it failed) and with secrets masked as everywhere else in the service.
 */
import { maskSecret, type ScanText, type SecretFinding } from '../../rules/secretText';

/** The service's secret scanner (the rules worker's), as the log masking uses it. */
export type SecretScanner = (text: ScanText) => Promise<SecretFinding[]>;

export const LOG_HEAD_BYTES = 16 * 1024;
export const LOG_TAIL_BYTES = 48 * 1024;

/** Collects a process's output without holding more than the cap in memory. */
export class LogBuffer {
  private _head = '';
  private _tail = '';
  private _dropped = 0;

  append(chunk: string): void {
    if (this._head.length < LOG_HEAD_BYTES) {
      const room = LOG_HEAD_BYTES - this._head.length;
      this._head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (chunk === '') return;
    this._tail += chunk;
    if (this._tail.length > LOG_TAIL_BYTES) {
      const cut = this._tail.length - LOG_TAIL_BYTES;
      this._dropped += cut;
      this._tail = this._tail.slice(cut);
    }
  }

  text(): string {
    if (this._dropped === 0) return this._head + this._tail;
    return `${this._head}\n[... ${this._dropped} characters left out ...]\n${this._tail}`;
  }
}

/**
 * Masks the values the service knows are secret (the run token) and every line on which the
 * scanner finds one; a scan that fails masks the whole log rather than show it unscanned.
 */
export async function maskLog(
  text: string,
  known: readonly string[],
  scan?: SecretScanner
): Promise<string> {
  let out = text;
  for (const value of known) {
    if (value !== '') out = out.split(value).join(maskSecret(value));
  }
  if (out === '' || scan === undefined) return out;
  let findings: SecretFinding[];
  try {
    findings = await scan({
      content: out,
      segments: [{ start: 0, end: out.length, text: out, place: 'output' }]
    });
  } catch {
    return '[log withheld: the secret scan could not run]';
  }
  const lines = out.split('\n');
  for (const f of findings) {
    if (f.line >= 1 && f.line <= lines.length) {
      lines[f.line - 1] = `[line masked: ${f.kind} ${f.masked}]`;
    }
  }
  return lines.join('\n');
}
