import { ServiceClient } from '../client/serviceClient';
import { promoteDocument } from '../promote';

describe('promoteDocument', () => {
  function clientRecording(sent: unknown[]): ServiceClient {
    return new ServiceClient({
      baseUrl: 'http://svc',
      fetch: async (_url, init) => {
        sent.push(JSON.parse(init?.body as string));
        return new Response(JSON.stringify({ id: 1, state: 'open' }), { status: 201 });
      }
    });
  }

  it('saves a dirty notebook before sending what was saved', async () => {
    const order: string[] = [];
    const sent: unknown[] = [];
    const doc = {
      path: 'dir/nb.ipynb',
      dirty: true,
      save: async () => {
        order.push('save');
      },
      toJSON: () => {
        order.push('serialize');
        return { nbformat: 4 };
      }
    };
    const res = await promoteDocument(clientRecording(sent), doc);
    expect(res.id).toBe(1);
    expect(order).toEqual(['save', 'serialize']);
    expect(sent).toEqual([{ path: 'dir/nb.ipynb', notebook: { nbformat: 4 } }]);
  });

  it('does not save a clean notebook', async () => {
    const save = jest.fn(async () => undefined);
    await promoteDocument(clientRecording([]), {
      path: 'nb.ipynb',
      dirty: false,
      save,
      toJSON: () => ({})
    });
    expect(save).not.toHaveBeenCalled();
  });
});
