import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/domain';

describe('sha256Hex', () => {
  // Stored cell and notebook hashes were made by hashing the string itself: the fast path must
  // give the same ids, or every comment would look outdated.
  it.each([
    ['empty text', ''],
    ['ASCII', 'x = 1\n'],
    ['Latin-1', 'café naïve'],
    ['text beyond Latin-1', 'π ≈ 3.14 — 🚀 数据'],
    ['a lone surrogate', 'broken \ud800 pair'],
    ['a large mixed text', `${'plot(x)\n'.repeat(50_000)}σ`]
  ])('hashes %s as its UTF-8 bytes', (_name, text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
