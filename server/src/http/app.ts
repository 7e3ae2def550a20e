import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import rateLimit from 'express-rate-limit';
import type { ServiceConfig } from '../config';
import { RateLimitError } from '../errors';
import type { Services } from '../features';
import { openApiDocument } from './openapi';
import { userOf } from '../edge/caller';
import { confineRunners, requireToken } from './auth';
import { errorHandler, notFound } from './errorHandler';
import { methodNotAllowed } from './methodNotAllowed';
import { securityHeaders } from './securityHeaders';
import { jsonBody } from './jsonBody';
import { adminRouter } from '../features/admin/routes';
import { eventsRouter } from '../features/events/eventRoutes';
import { notificationsRouter } from '../features/events/notificationRoutes';
import { notebooksRouter } from '../features/notebooks/routes';
import { previewRouter } from '../features/preview/routes';
import { promotionsRouter } from '../features/promotions/routes';
import { commentsRouter } from '../features/reviews/commentRoutes';
import { reviewsRouter } from '../features/reviews/routes';
import { viewedRouter } from '../features/reviews/viewedRoutes';
import { rulesRouter } from '../features/rules/routes';
import { runsRouter } from '../features/runs/routes';
import { usersRouter } from '../features/users/routes';
import { verificationRouter } from '../features/verification/routes';
import { healthRouter } from './health';

export interface AppDeps {
  config: Pick<ServiceConfig, 'allowedOrigins' | 'maxBodyBytes'> &
    Partial<
      Pick<ServiceConfig, 'writeRateLimit' | 'writeRateWindowMs' | 'heartbeatMs' | 'identity'>
    >;
  services: Services;
  version: string;
  log?: (msg: string) => void;
}

/** Build the Express app from its dependencies; no listening, no globals, so tests drive it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Clients never send If-None-Match; hashing every answer would cost more than it saves.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  const secure = securityHeaders();
  const allowed = new Set(deps.config.allowedOrigins);
  const browsers = cors({
    // Only the configured JupyterLab origins may call us from a browser.
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // Last-Event-ID: the extension's event stream sends it when it reconnects.
    allowedHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
    maxAge: 600
  });
  // One step for every answer's headers. A request without an Origin (not a preflight) gets
  // from cors only `Vary: Origin`: set here, without its per-request option handling.
  const edge: RequestHandler = (req, res, next) =>
    secure(req, res, () => {
      if (req.headers.origin !== undefined || req.method === 'OPTIONS') {
        browsers(req, res, next);
        return;
      }
      res.setHeader('Vary', 'Origin');
      next();
    });
  app.use(edge);
  app.use(jsonBody(deps.config.maxBodyBytes));

  const openapi = openApiDocument(deps.version);
  const api = express.Router();
  // Before the token check: a wrong method is wrong whoever asks.
  api.use(methodNotAllowed(api));
  api.use(healthRouter(deps.version));
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // Everything below needs a token.
  api.use(requireToken(deps.services.stores, deps.config.identity));
  api.use(confineRunners());
  api.use(
    writeLimiter(deps.config.writeRateLimit ?? 1200, deps.config.writeRateWindowMs ?? 60_000)
  );
  const s = deps.services;
  // Each router gets the use cases it calls, nothing more. The request reads come first: they
  // are the most frequent, and each router passed on the way costs a match per route.
  const { promotions, reads, details, ruleChecks, rules, diffs, dismissal, events, replay } = s;
  api.use(promotionsRouter({ promotions, reads, details }));
  api.use(usersRouter());
  api.use(adminRouter(s.admin));
  api.use(rulesRouter({ rules, ruleChecks }));
  api.use(reviewsRouter({ diffs, dismissal, details }));
  api.use(commentsRouter(s.comments));
  api.use(viewedRouter(s.viewed));
  api.use(notebooksRouter(s.files));
  api.use(previewRouter(s.preview));
  api.use(runsRouter(s.runs));
  api.use(
    verificationRouter(
      s.verification,
      Boolean(deps.config.identity?.hub ?? deps.config.identity?.oidc)
    )
  );
  api.use(notificationsRouter(s.notifications));
  api.use(eventsRouter({ events, replay }, deps.config.heartbeatMs ?? 15_000));
  app.use('/api/v1', api);

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}

/** Limits write requests per user (reads are not limited). */
function writeLimiter(limit: number, windowMs: number): RequestHandler {
  const reads = new Set(['GET', 'HEAD', 'OPTIONS']);
  const limiter = rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => userOf(res).name,
    handler: (_req, _res, next) => {
      next(
        new RateLimitError(`Too many write requests: at most ${limit} per ${windowMs / 1000} s.`, {
          limit,
          windowMs
        })
      );
    }
  });
  // Reads pass straight on: the limiter's own skip runs inside its async machinery.
  return (req, res, next) => (reads.has(req.method) ? next() : limiter(req, res, next));
}
