// Admin: the feed's signing keys and their rotation (the old key stays published so phones
// can still check batches signed with it).
import { useState } from 'react';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable } from '../components/data-table.js';
import { LocalTime } from '../components/local-time.js';
import { ActionDialog } from '../components/action-dialog.js';
import { ActionOutcome, useAction } from '../components/use-action.js';

export function FeedKeysPage() {
  const { client } = useSession();
  const { t } = useT();
  const keys = useLoad(() => client.feedKeys(), []);
  const [asking, setAsking] = useState(false);
  const action = useAction(keys.reload);
  return (
    <section>
      <h1>{t('feed_title')}</h1>
      <ErrorMessage error={keys.error} onRetry={keys.reload} />
      <DataTable testId="feed-keys" columns={[t('feed_key_id'), t('feed_created'), t('col_status')]}>
        {(keys.data?.keys ?? []).map((k) => (
          <tr key={k.key_id}>
            <td>
              <code>{k.key_id}</code>
            </td>
            <td>
              <LocalTime ms={k.created_at} />
            </td>
            <td>{k.active ? t('feed_active') : t('feed_retired')}</td>
          </tr>
        ))}
      </DataTable>
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        {t('feed_rotate')}
      </button>
      <ActionOutcome action={action} />
      {asking ? (
        <ActionDialog
          action={action}
          title={t('feed_rotate')}
          confirmLabel={t('confirm')}
          run={() => client.rotateFeedKey()}
          message={(r) => t('feed_rotated', { key: r.key_id })}
          onClose={() => setAsking(false)}
        >
          <p>{t('feed_rotate_note')}</p>
        </ActionDialog>
      ) : null}
    </section>
  );
}
