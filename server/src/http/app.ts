import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import type { ServiceConfig } from '../config';
import { RateLimitError } from '../errors';
import type { Services } from '../services';
import { openApiDocument } from './api/openapi';
import { confineRunners, requireToken, userOf } from './auth';
import { errorHandler, notFound } from './errorHandler';
import { methodNotAllowed } from './methodNotAllowed';
import { jsonBody } from './jsonBody';
import { adminRouter } from './routes/admin';
import { artifactsRouter } from './routes/artifacts';
import { checkRouter } from './routes/check';
import { commentsRouter } from './routes/comments';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { notificationsRouter } from './routes/notifications';
import { promotionsRouter } from './routes/promotions';
import { viewedRouter } from './routes/viewed';
import { rulesRouter } from './routes/rules';
import { runsRouter } from './routes/runs';

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
  app.use(helmet());
  const allowed = new Set(deps.config.allowedOrigins);
  app.use(
    cors({
      // Only the configured JupyterLab origins may call us from a browser.
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // Last-Event-ID: the extension's event stream sends it when it reconnects.
      allowedHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
      maxAge: 600
    })
  );
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
  api.use(adminRouter(deps.services));
  api.use(promotionsRouter(deps.services));
  api.use(rulesRouter(deps.services));
  api.use(commentsRouter(deps.services));
  api.use(viewedRouter(deps.services));
  api.use(artifactsRouter(deps.services));
  api.use(checkRouter(deps.services));
  api.use(runsRouter(deps.services));
  api.use(notificationsRouter(deps.services));
  api.use(eventsRouter(deps.services, deps.config.heartbeatMs ?? 15_000));
  app.use('/api/v1', api);

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}

/** Limits write requests per user (reads are not limited). */
function writeLimiter(limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: req => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
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
}
