/**
 * What the service calls written text, in one place: the OpenAPI document publishes these
 * patterns, the edge validates with them and the use cases check with the same expressions.
 * The characters are listed explicitly (no `\s`): JavaScript's and Python's `\s` differ (U+001C
 * to U+001F, U+0085, U+FEFF), and the document is read by both.
 */

/** Whitespace, control characters and invisible separators but NUL: none of them writes anything. */
const INVISIBLE_BUT_NUL =
  '\\u0001-\\u0020\\u007f-\\u00a0\\u00ad\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f' +
  '\\u205f-\\u206f\\u3000\\ufeff';

/** Text without U+0000. PostgreSQL's text cannot hold it (SQLite can), so names, reasons and
 * messages with it are refused on both; notebook content is stored as JSON, where it is escaped.
 */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/**
 * Written text: no NUL, and at least one character that is not invisible. Invisible ones may
 * only lead, so the first visible character ends the first group and no input backtracks
 * more than once over its length (linear time for JavaScript and Python alike).
 */
export const WRITTEN_PATTERN = `^[${INVISIBLE_BUT_NUL}]*[^\\u0000${INVISIBLE_BUT_NUL}][^\\u0000]*$`;

const WRITTEN = new RegExp(WRITTEN_PATTERN, 'u');
const NO_NUL = new RegExp(NO_NUL_PATTERN, 'u');

/** True when the text has a visible character, no NUL and at least `minLength` characters. */
export function isWritten(text: string, minLength = 1): boolean {
  // Lengths in code points, as JSON Schema's minLength counts them.
  return WRITTEN.test(text) && [...text].length >= minLength;
}

/** True when the text has no NUL. */
export function isStorableText(text: string): boolean {
  return NO_NUL.test(text);
}
