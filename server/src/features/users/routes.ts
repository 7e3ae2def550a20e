import { Router } from 'express';
import { userOf } from '../../edge/caller';

/** Who the token belongs to. */
export function usersRouter(): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    const user = userOf(res);
    res.json({ name: user.name, role: user.role });
  });
  return router;
}
