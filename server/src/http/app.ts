import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { ServiceConfig } from '../config';
import type { PromotionStore } from '../store/promotionStore';
import { errorHandler, notFound } from './errorHandler';
import { healthRouter } from './routes/health';
import { promotionsRouter } from './routes/promotions';

export interface AppDeps {
  config: Pick<ServiceConfig, 'allowedOrigins' | 'maxBodyBytes'>;
  promotions: PromotionStore;
  version: string;
  log?: (msg: string) => void;
}

/** Build the Express app from its dependencies; no listening, no globals, so tests drive it. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  const allowed = new Set(deps.config.allowedOrigins);
  app.use(
    cors({
      // Only the configured JupyterLab origins may call us from a browser.
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      maxAge: 600
    })
  );
  app.use(express.json({ limit: deps.config.maxBodyBytes, strict: true }));

  const api = express.Router();
  api.use(healthRouter(deps.version));
  api.use(promotionsRouter(deps.promotions));
  app.use('/api/v1', api);

  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
