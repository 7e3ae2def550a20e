import { Dialog, ReactWidget, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { RuleResult } from '../client/types';
import { RuleResultList } from '../rules/RuleResultList';

/** The dialog body: the failing rules, and the written reason an admin must give. */
class BypassBody extends ReactWidget {
  constructor(
    private readonly _failing: RuleResult[],
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbpromote-BypassDialog');
  }

  getValue(): string {
    return this._reason;
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    return (
      <div>
        <p>{trans.__('These active rules fail:')}</p>
        <RuleResultList results={this._failing} trans={trans} />
        <label>
          {trans.__('Why promote anyway? The reason is audited and kept on the request.')}
          <textarea
            className="jp-nbpromote-BypassReason"
            aria-label={trans.__('Reason for promoting past failing rules')}
            rows={3}
            onChange={e => {
              this._reason = e.target.value;
            }}
          />
        </label>
      </div>
    );
  }

  private _reason = '';
}

/** Ask an admin for a written reason to promote past failing rules; null when cancelled. */
export async function askBypassReason(
  id: number,
  failing: RuleResult[],
  trans: TranslationBundle
): Promise<string | null> {
  for (;;) {
    const result = await showDialog({
      title: trans.__('Promote request #%1 past failing rules?', String(id)),
      body: new BypassBody(failing, trans),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Promote anyway') })
      ]
    });
    if (!result.button.accept) {
      return null;
    }
    const reason = (result.value ?? '').trim();
    if (reason) {
      return reason;
    }
    // An empty reason is not a reason: ask again rather than bypass silently.
  }
}
