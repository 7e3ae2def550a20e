import { type BigPairShape, bigNotebook } from '../tests/bigPair';
import { authHeaders, expect, SERVICE_URL, test } from '../tests/fixtures';
import { openReview, submit } from '../tests/reviewSupport';

/**
 * Opening the review of a 300-cell pair with outputs and images. Prints the time to the panel's
 * first paint and to all of its rows laid out (its performance marks), how many editors exist
 * then, and the same timings for a reference in the same run: JupyterLab opening the head
 * notebook itself until all its cells are attached. Figures are medians of a few runs after a
 * warm-up run.
 */
const CELLS = 300;
const RUNS = 3;

/** Every third cell's source and output changed, an image every fifth cell. */
const OPEN_PAIR: BigPairShape = { cells: CELLS, changeEvery: 3, imageEvery: 5 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test.use({ user: 'linus' });

test('open the review of a 300-cell pair', async ({ page, request, tmpPath }) => {
  const id = await submit(request, 'ada', {
    path: `${tmpPath}/bench.ipynb`,
    notebook: bigNotebook(1, OPEN_PAIR),
    title: 'Benchmark pair'
  });
  const revised = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/revisions`, {
    headers: authHeaders('ada'),
    data: { notebook: bigNotebook(2, OPEN_PAIR) }
  });
  expect(revised.status(), await revised.text()).toBe(201);
  await page.contents.uploadContent(
    JSON.stringify(bigNotebook(2, OPEN_PAIR)),
    'text',
    `${tmpPath}/bench.ipynb`
  );

  const review: { paint: number; laidOut: number; editors: number; rows: number }[] = [];
  const reference: number[] = [];
  // Run 0 warms up both (first notebook factory, code splitting, caches) and is not counted.
  for (let run = 0; run <= RUNS; run++) {
    // The review panel: from the command to its marks.
    const timing = await page.evaluate(async id => {
      performance.clearMarks();
      const start = performance.now();
      void window.jupyterapp.commands.execute('nbpromote:open-review', { id, base: 1, head: 2 });
      const mark = (name: string) =>
        new Promise<number>(resolve => {
          const poll = () => {
            const found = performance.getEntriesByName(name)[0];
            if (found) {
              resolve(found.startTime - start);
            } else {
              requestAnimationFrame(poll);
            }
          };
          poll();
        });
      const paint = await mark('nbpromote:review-first-paint');
      const laidOut = await mark('nbpromote:review-laid-out');
      const panel = document.getElementById(`nbpromote-review-${id}`)!;
      return {
        paint,
        laidOut,
        editors: panel.querySelectorAll('.cm-editor').length,
        rows: panel.querySelectorAll('.jp-nbpromote-ReviewCell, .jp-nbpromote-ReviewFold').length
      };
    }, id);
    if (run > 0) {
      review.push(timing);
    }
    await openReview(page, id);
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('application:close-all');
    });

    // The reference: JupyterLab opening the head notebook until all its cells are attached.
    const referenceMs = await page.evaluate(async path => {
      const start = performance.now();
      await window.jupyterapp.commands.execute('docmanager:open', { path });
      await new Promise<void>(resolve => {
        const poll = () => {
          if (document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length >= 300) {
            resolve();
          } else {
            requestAnimationFrame(poll);
          }
        };
        poll();
      });
      return performance.now() - start;
    }, `${tmpPath}/bench.ipynb`);
    if (run > 0) {
      reference.push(referenceMs);
    }
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('application:close-all');
    });
  }

  const paint = median(review.map(r => r.paint));
  const laidOut = median(review.map(r => r.laidOut));
  const ref = median(reference);
  const last = review[review.length - 1];
  console.log(
    [
      `review of a ${CELLS}-cell pair (${last.rows} rows, every third cell changed, images every fifth):`,
      `  first paint      ${paint.toFixed(0)} ms  (${(paint / ref).toFixed(2)} x reference)`,
      `  all rows laid out ${laidOut.toFixed(0)} ms  (${(laidOut / ref).toFixed(2)} x reference)`,
      `  editors built then: ${last.editors} (only cells near the viewport)`,
      `reference: JupyterLab opens the head notebook, all cells attached: ${ref.toFixed(0)} ms`,
      `runs: ${RUNS}, medians; raw review ${JSON.stringify(review.map(r => [Math.round(r.paint), Math.round(r.laidOut)]))}, reference ${JSON.stringify(reference.map(Math.round))}`
    ].join('\n')
  );
  expect(last.rows).toBeGreaterThan(0);
});
