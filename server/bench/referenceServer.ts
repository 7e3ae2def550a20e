/**
 * The API benchmark's reference: a bare Express app on the same Express version, run as its
 * own process like the service. It parses JSON bodies with the same limit and answers from
 * memory (no auth, validation, analysis, database or git), so the service's figures can be
 * printed next to what the HTTP stack alone costs on the same machine in the same run.
 *
 *   POST /promotions      parses the body, answers 201 with a small JSON object
 *   PUT  /canned?path=P   remembers the body to answer GET P with
 *   GET  P                answers the remembered bytes
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '50mb', strict: true }));

const canned = new Map<string, Buffer>();
let created = 0;

app.post('/promotions', (req, res) => {
  created += 1;
  res.status(201).json({ id: created, fields: Object.keys(req.body as object).length });
});

app.put('/canned', (req, res) => {
  canned.set(String(req.query.path), Buffer.from(JSON.stringify(req.body)));
  res.status(204).end();
});

app.get(/.*/, (req, res) => {
  const body = canned.get(req.path);
  if (!body) {
    res.status(404).json({ error: 'nothing canned for this path' });
    return;
  }
  res.type('application/json').send(body);
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`reference listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
