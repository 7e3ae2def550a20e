import { PageConfig } from '@jupyterlab/coreutils';
import { ServiceError, ServiceUnreachableError } from '../client/serviceClient';
import { errorMessage } from '../errorMessage';

const refused = new ServiceError(
  401,
  'unauthenticated',
  'JupyterHub does not accept this token: it is unknown, revoked or expired.'
);
const noRole = new ServiceError(
  403,
  'forbidden',
  'eve has no nbpromote role: ask an administrator to add you to one of the groups nbpromote-users.'
);
const hubDown = new ServiceError(
  503,
  'identity_unavailable',
  'JupyterHub did not answer (unreachable), so nbpromote cannot tell who you are. Try again in a moment.'
);

describe('errorMessage', () => {
  afterEach(() => PageConfig.setOption('hubPrefix', ''));

  describe('outside a JupyterHub', () => {
    it('points a refused token at the token setting', () => {
      expect(errorMessage(refused)).toMatch(/Set it in Settings > nbpromote/);
    });

    it('says the Jupyter server is gone as the client does', () => {
      const gone = new ServiceUnreachableError('http://localhost:8888/');
      expect(errorMessage(gone)).toBe(gone.message);
    });
  });

  describe('under a JupyterHub', () => {
    beforeEach(() => PageConfig.setOption('hubPrefix', '/hub/'));

    it('says the Hub refused the server token and how to renew it, never the token setting', () => {
      const message = errorMessage(refused, 'Could not load request #3');
      expect(message).toMatch(/^Could not load request #3: JupyterHub did not vouch for you/);
      expect(message).toContain('Hub Control Panel');
      expect(message).not.toMatch(/token in|Settings|npm start/i);
    });

    it.each([
      [noRole, 'not allowed: eve has no nbpromote role'],
      [hubDown, 'JupyterHub did not answer (unreachable)']
    ])('passes the service’s own Hub message on (%#)', (error, expected) => {
      const message = errorMessage(error);
      expect(message).toContain(expected);
      expect(message).not.toMatch(/Settings|npm start/);
    });

    it('says a gone server is started again from the Hub', () => {
      const message = errorMessage(new ServiceUnreachableError('https://hub.example/user/ada/'));
      expect(message).toContain('https://hub.example/user/ada/');
      expect(message).toContain('Hub Control Panel');
      expect(message).not.toMatch(/npm start/);
    });
  });
});
