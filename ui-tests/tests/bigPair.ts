import * as zlib from 'node:zlib';
import type { APIRequestContext } from '@playwright/test';
import { authHeaders, expect, SERVICE_URL } from './fixtures';
import { codeCell, notebook, submit } from './reviewSupport';

/**
 * Large review pairs for the browser tests and benchmarks: a notebook of many cells with
 * stream outputs and real PNG images, and its revision with some cells changed.
 */

/** A solid-colour PNG (width x height), so outputs carry real image payloads. */
export function png(width: number, height: number, rgb: [number, number, number]): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) {
      c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).fill(Buffer.from(rgb))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ]).toString('base64');
}

export interface BigPairShape {
  cells: number;
  /** Head changes every cell whose index is a multiple of this (source and output). */
  changeEvery: number;
  /** Every cell whose index is a multiple of this has an image output. */
  imageEvery: number;
  /** Cells at index 15, 15 + this, ... are markdown (none when unset). */
  markdownEvery?: number;
}

/** The shape the review benchmarks and the random-sequence test use: 20 changed cells of 300. */
export const REVIEW_PAIR: BigPairShape = { cells: 300, changeEvery: 15, imageEvery: 10 };

/** Revision `version` of the big notebook (1: the base; 2 and later: the changed cells edited). */
export function bigNotebook(version: number, shape: BigPairShape = REVIEW_PAIR) {
  const images: Record<number, string> = {
    1: png(160, 120, [40, 90, 200]),
    2: png(160, 120, [200, 90, 40])
  };
  return notebook(
    Array.from({ length: shape.cells }, (_, i) => {
      const v = version > 1 && i % shape.changeEvery === 0 ? version : 1;
      if (shape.markdownEvery && i % shape.markdownEvery === 15 % shape.markdownEvery) {
        return {
          id: `c${i}`,
          cell_type: 'markdown',
          metadata: {},
          source: `## Part ${i}\n\nRevision ${v}: *what* cell ${i} does.`
        };
      }
      const source = [
        `value_${i} = ${i} * ${v + 1}`,
        `label_${i} = "cell ${i}"`,
        `print(label_${i}, value_${i})`
      ].join('\n');
      const outputs: unknown[] = [
        { output_type: 'stream', name: 'stdout', text: `cell ${i} ${i * (v + 1)}\n` }
      ];
      if (i % shape.imageEvery === 0) {
        outputs.push({
          output_type: 'display_data',
          metadata: {},
          data: { 'image/png': images[v === 1 ? 1 : 2], 'text/plain': '<Figure>' }
        });
      }
      return codeCell(`c${i}`, source, {
        metadata: i === 0 ? { tags: ['step:train'] } : {},
        outputs,
        execution_count: i + 1
      });
    })
  );
}

/** ada submits `revisions` revisions of the big notebook; returns the request's id. */
export async function submitBigPair(
  request: APIRequestContext,
  path: string,
  options: { revisions?: number; shape?: BigPairShape; title?: string } = {}
): Promise<number> {
  const shape = options.shape ?? REVIEW_PAIR;
  const id = await submit(request, 'ada', {
    path,
    notebook: bigNotebook(1, shape),
    title: options.title ?? `A ${shape.cells}-cell pair`
  });
  for (let n = 2; n <= (options.revisions ?? 2); n++) {
    await revise(request, id, bigNotebook(n, shape));
  }
  return id;
}

/** ada submits a new revision of a request. */
export async function revise(request: APIRequestContext, id: number, nb: unknown): Promise<void> {
  const res = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/revisions`, {
    headers: authHeaders('ada'),
    data: { notebook: nb }
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** A reviewer's verdict on the request's latest revision, through the API. */
export async function reviewAs(
  request: APIRequestContext,
  user: 'linus' | 'margaret',
  id: number,
  data: { verdict: 'approve' | 'request_changes' | 'comment'; body?: string }
): Promise<void> {
  const res = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
    headers: authHeaders(user),
    data
  });
  expect(res.ok(), await res.text()).toBe(true);
}
