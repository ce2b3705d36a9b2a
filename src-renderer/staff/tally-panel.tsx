// Manual tallies: visitors without the app, and people helped to install it.
import { useState } from 'react';
import type { CoreStatus } from '../../shared/api/core-api.js';
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import type { TallyKind } from '../../shared/domain/types.js';
import { useLang } from '../i18n/lang-context.js';

const ROWS: readonly { kind: TallyKind; label: 'tally_no_app' | 'tally_helped_install' }[] = [
  { kind: 'no_app', label: 'tally_no_app' },
  { kind: 'helped_install', label: 'tally_helped_install' },
];

export function TallyPanel({
  tallies,
  client,
  onChanged,
}: {
  tallies: CoreStatus['tallies_today'];
  client: CoreClient;
  onChanged: () => Promise<void>;
}) {
  const { t, t2 } = useLang();
  const [busy, setBusy] = useState<TallyKind | null>(null);
  const [failed, setFailed] = useState(false);

  const send = async (kind: TallyKind, delta: 1 | -1): Promise<void> => {
    setBusy(kind);
    setFailed(false);
    try {
      await client.tally({ kind, delta });
      await onChanged();
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[tally] ${err.code}: ${err.message}`);
      setFailed(true);
      // An expired staff session: the fresh status brings the PIN pad back.
      if (err.apiCode === 'staff_session_required') await onChanged();
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel tally-panel">
      <h2 className="panel-title">
        {t('tallies_title')}
        <span className="secondary-line">{t2('tallies_title')}</span>
      </h2>
      {ROWS.map(({ kind, label }) => (
        <div className="tally-row" key={kind}>
          <span className="tally-label">
            {t(label)}
            <span className="secondary-line">{t2(label)}</span>
          </span>
          <button
            type="button"
            className="tally-button tally-minus"
            aria-label={`${t('tally_remove')}: ${t(label)}`}
            disabled={busy !== null || tallies[kind] <= 0}
            onClick={() => void send(kind, -1)}
          >
            −
          </button>
          <span className="tally-value" data-testid={`tally-${kind}`}>
            {tallies[kind]}
          </span>
          <button
            type="button"
            className="tally-button tally-plus"
            aria-label={`${t('tally_add')}: ${t(label)}`}
            disabled={busy !== null}
            onClick={() => void send(kind, 1)}
          >
            +
          </button>
        </div>
      ))}
      {failed ? (
        <p className="tally-error" role="alert">
          {t('tally_failed')}
        </p>
      ) : null}
    </section>
  );
}
