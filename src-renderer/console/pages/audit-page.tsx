// Admin: the audit log, newest first, filtered by action family, user and date; older pages
// on demand.
import { useState } from 'react';
import { localMidnight } from '../../../shared/i18n/local-time.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable } from '../components/data-table.js';
import { LocalTime } from '../components/local-time.js';

const FAMILIES = ['', 'exposure.', 'exposures.', 'f0.', 'user.', 'venue.', 'kiosk.', 'feed.', 'encounters.'] as const;
const PAGE = 100;

export function AuditPage() {
  const { client } = useSession();
  const { t } = useT();
  const [action, setAction] = useState('');
  const [username, setUsername] = useState('');
  const [since, setSince] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const sinceMs = since === '' ? undefined : localMidnight(since);
  const list = useLoad(
    () => client.audit({ limit: PAGE, cursor, action: action || undefined, username: username.trim() || undefined, since: sinceMs !== undefined && Number.isFinite(sinceMs) ? sinceMs : undefined }),
    [action, username, since, cursor],
  );
  const entries = list.data?.entries ?? [];
  return (
    <section>
      <h1>{t('audit_title')}</h1>
      <div className="card filters">
        <label>
          {t('audit_action')}
          <select name="action" value={action} onChange={(e) => { setAction(e.target.value); setCursor(undefined); }}>
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {f === '' ? t('filter_any') : f.slice(0, -1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('username')}
          <input name="audit-username" value={username} onChange={(e) => { setUsername(e.target.value); setCursor(undefined); }} />
        </label>
        <label>
          {t('filter_from')}
          <input type="date" name="since" value={since} onChange={(e) => { setSince(e.target.value); setCursor(undefined); }} />
        </label>
      </div>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      <DataTable testId="audit-table" columns={[t('audit_at'), t('username'), t('audit_action'), t('audit_target'), t('audit_detail')]}>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>
              <LocalTime ms={e.at} />
            </td>
            <td>{e.username}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              <code>{e.target.slice(0, 12)}</code>
            </td>
            <td>
              <code>{e.detail}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      <div className="button-row">
        {cursor !== undefined ? (
          <button type="button" onClick={() => setCursor(undefined)}>
            {t('audit_newest')}
          </button>
        ) : null}
        {list.data?.next_cursor ? (
          <button type="button" onClick={() => setCursor(list.data?.next_cursor ?? undefined)}>
            {t('audit_older')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
