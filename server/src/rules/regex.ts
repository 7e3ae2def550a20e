/**
 * Admin-written patterns run on every notebook, so they run on RE2 semantics (re2js): matching
 * takes linear time in the text, whatever the pattern. No backreferences or lookaround.
 */
import { RE2JS } from 're2js';

export interface PatternError {
  message: string;
  /** 0-based offset in the pattern where the problem starts, when known. */
  position?: number;
}

export type Pattern = RE2JS;

/** Compiles `source`, or returns why it cannot be compiled and where. */
export function compilePattern(
  source: string,
  ignoreCase = false
): { pattern: Pattern } | { error: PatternError } {
  try {
    // Checked without flags first: re2js then quotes the pattern as written in its errors.
    RE2JS.compile(source);
    const flags = RE2JS.MULTILINE | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return { pattern: RE2JS.compile(source, flags) };
  } catch (e) {
    const error = e as Error & { input?: string; error?: string };
    const fragment = typeof error.input === 'string' ? error.input : '';
    const unclosed = /missing closing \)/.test(error.message) ? unclosedParen(source) : -1;
    const index = unclosed >= 0 ? unclosed : fragment === '' ? -1 : source.indexOf(fragment);
    const reason = (error.error ?? error.message).replace(/^error parsing regexp: /, '');
    return {
      error: {
        message: fragment ? `${reason} at \`${fragment}\`` : reason,
        ...(index >= 0 ? { position: index } : {})
      }
    };
  }
}

/** Offset of the last `(` that is never closed, or -1. */
function unclosedParen(source: string): number {
  const open: number[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(') {
      open.push(i);
    } else if (ch === ')') {
      open.pop();
    }
  }
  return open.length > 0 ? open[open.length - 1] : -1;
}

/** Every match of `pattern` in `text` as [start, end) UTF-16 offsets, at most `limit`. */
export function findAll(pattern: Pattern, text: string, limit = 100): [number, number][] {
  const out: [number, number][] = [];
  const m = pattern.matcher(text);
  // re2js steps past empty matches itself, so this loop always ends.
  while (out.length < limit && m.find()) out.push([m.start(), m.end()]);
  return out;
}

/**
 * Every match inside one of `texts` (a cell's source, one output's text: a match never spans
 * two of them), as offsets in the text they were joined into, at most `limit`. The matcher
 * that reports positions runs only on texts re2js's DFA says match: answering "is there a
 * match" is many times faster, and most texts have none.
 */
export function findInTexts(
  pattern: Pattern,
  texts: readonly { start: number; text: string }[],
  limit = 100
): [number, number][] {
  const out: [number, number][] = [];
  for (const t of texts) {
    if (out.length >= limit) break;
    if (!pattern.test(t.text)) continue;
    for (const [start, end] of findAll(pattern, t.text, limit - out.length)) {
      out.push([t.start + start, t.start + end]);
    }
  }
  return out;
}

/** Whether `pattern` matches anywhere in `text`. */
export function matches(pattern: Pattern, text: string): boolean {
  return pattern.test(text);
}

const cache = new Map<string, Pattern>();

/** A compiled pattern, cached by source and flags; throws when invalid (checked at save). */
export function cachedPattern(source: string, ignoreCase = false): Pattern {
  const key = `${ignoreCase ? 'i' : '-'}${source}`;
  let p = cache.get(key);
  if (!p) {
    const compiled = compilePattern(source, ignoreCase);
    if ('error' in compiled) throw new Error(`invalid pattern: ${compiled.error.message}`);
    p = compiled.pattern;
    if (cache.size > 500) cache.clear();
    cache.set(key, p);
  }
  return p;
}
