/**
 * What the service calls written text, in one place: the OpenAPI document publishes these
 * patterns, the edge validates with them and the use cases check with the same expressions.
 * The characters are listed explicitly (no `\s`): JavaScript's and Python's `\s` differ (U+001C
 * to U+001F, U+0085, U+FEFF), and the document is read by both.
 */

/** Whitespace, control characters and invisible separators: none of them writes anything. */
const INVISIBLE =
  '\\u0000-\\u0020\\u007f-\\u00a0\\u00ad\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f' +
  '\\u205f-\\u206f\\u3000\\ufeff';

/** Matches (anywhere) one character that is not invisible: the text says something. */
export const VISIBLE_CHARACTER_PATTERN = `[^${INVISIBLE}]`;

/**
 * Text without U+0000. PostgreSQL's text cannot hold it (SQLite can), so names, reasons and
 * messages with it are refused on both; notebook content is stored as JSON, where it is escaped.
 */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

const VISIBLE = new RegExp(VISIBLE_CHARACTER_PATTERN, 'u');
const NO_NUL = new RegExp(NO_NUL_PATTERN, 'u');

/** True when the text has a visible character and no NUL. */
export function isWritten(text: string, minLength = 1): boolean {
  // Lengths in code points, as JSON Schema's minLength counts them.
  return NO_NUL.test(text) && VISIBLE.test(text) && [...text].length >= minLength;
}

/** True when the text has no NUL. */
export function isStorableText(text: string): boolean {
  return NO_NUL.test(text);
}
