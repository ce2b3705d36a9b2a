// Fleet: every kiosk's last upload, online/offline, clock, radio, version, queue depth and
// alerts (ICT officers, venue managers, admins); admins can revoke a stolen kiosk. The venue
// link drills down to that venue's report.
import { useMemo, useState } from 'react';
import type { FleetKiosk } from '../../../shared/api/server-api.js';
import type { ConsoleMessageKey } from '../../../shared/i18n/console-translate.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable, numCol } from '../components/data-table.js';
import { LocalTime } from '../components/local-time.js';
import { ActionDialog } from '../components/action-dialog.js';
import { ActionOutcome, useAction } from '../components/use-action.js';
import { href } from '../router.js';

type Kiosk = FleetKiosk;

/** Queue depth (batches waiting) above which the kiosk cannot keep up with uploads. */
const QUEUE_ALERT = 20;
const DISK_ALERT_MB = 200;

export function kioskAlerts(k: Kiosk): ConsoleMessageKey[] {
  const out: ConsoleMessageKey[] = [];
  if (k.offline) out.push('alert_offline');
  if (k.clock_synced === false) out.push('alert_clock');
  if (k.radio_state !== null && k.radio_state !== 'scanning') out.push('alert_radio');
  if (k.queue_depth !== null && k.queue_depth > QUEUE_ALERT) out.push('alert_queue');
  if (k.free_disk_mb !== null && k.free_disk_mb < DISK_ALERT_MB) out.push('alert_disk');
  return out;
}

export function FleetTable({ kiosks, onRevoke }: { kiosks: readonly Kiosk[]; onRevoke?: (k: Kiosk) => void }) {
  const { t } = useT();
  return (
    <DataTable
      testId="fleet-table"
      columns={[
        t('col_venue'),
        t('fleet_state'),
        t('fleet_last_upload'),
        t('fleet_clock'),
        t('fleet_radio'),
        t('fleet_version'),
        numCol(t('fleet_queue')),
        t('fleet_alerts'),
        ...(onRevoke ? [t('actions_title')] : []),
      ]}
    >
      {kiosks.map((k) => {
        const alerts = kioskAlerts(k);
        return (
          <tr key={k.id}>
            <td>
              <a href={href(`/venues/${k.venue_id}`)}>{k.venue_name}</a>
              <br />
              <span className="hint">{k.district}, {k.province}</span>
            </td>
            <td>
              <span className={`badge ${k.offline ? 'offline' : 'online'}`}>{k.offline ? t('fleet_offline') : t('fleet_online')}</span>
            </td>
            <td>
              <LocalTime ms={k.last_seen_at} />
            </td>
            <td>{k.clock_synced === null ? '—' : k.clock_synced ? t('fleet_clock_ok') : t('fleet_clock_bad')}</td>
            <td>{k.radio_state ?? '—'}</td>
            <td>{k.version}</td>
            <td className="num">{k.queue_depth ?? '—'}</td>
            <td>{alerts.length === 0 ? t('none') : alerts.map((a) => t(a)).join('; ')}</td>
            {onRevoke ? (
              <td>
                <button type="button" className="danger" onClick={() => onRevoke(k)}>
                  {t('kiosk_revoke')}
                </button>
              </td>
            ) : null}
          </tr>
        );
      })}
    </DataTable>
  );
}

export function FleetPage() {
  const { client, user } = useSession();
  const { t } = useT();
  const [offlineOnly, setOfflineOnly] = useState(false);
  const fleet = useLoad(() => client.fleet({ offline_only: offlineOnly || undefined }), [offlineOnly]);
  const [revoking, setRevoking] = useState<Kiosk | null>(null);
  const action = useAction(fleet.reload);
  const counts = useMemo(() => {
    const ks = fleet.data?.kiosks ?? [];
    return { total: ks.length, offline: ks.filter((k) => k.offline).length, alerts: ks.filter((k) => kioskAlerts(k).length > 0).length };
  }, [fleet.data]);


  return (
    <section>
      <h1>{t('fleet_title')}</h1>
      <div className="card filters">
        <label className="inline">
          <input type="checkbox" checked={offlineOnly} onChange={(e) => setOfflineOnly(e.target.checked)} />
          {t('fleet_offline_only')}
        </label>
        {fleet.data ? <p className="hint">{t('fleet_offline_rule', { minutes: fleet.data.offline_after_minutes })}</p> : null}
      </div>
      <ul className="counts" data-testid="fleet-counts">
        <li className="badge">{t('count_total', { count: counts.total })}</li>
        <li className="badge offline">
          {t('fleet_offline')}: {counts.offline}
        </li>
        <li className="badge">
          {t('fleet_alerts')}: {counts.alerts}
        </li>
      </ul>
      <ErrorMessage error={fleet.error} onRetry={fleet.reload} />
      <ActionOutcome action={action} />
      {fleet.data ? <FleetTable kiosks={fleet.data.kiosks} onRevoke={user.role === 'admin' ? setRevoking : undefined} /> : null}
      {revoking ? (
        <ActionDialog
          action={action}
          title={t('kiosk_revoke_title', { venue: revoking.venue_name })}
          confirmLabel={t('kiosk_revoke')}
          run={() => client.revokeKiosk(revoking.id)}
          message={t('kiosk_revoked', { venue: revoking.venue_name })}
          onClose={() => setRevoking(null)}
        >
          <p>{t('kiosk_revoke_note')}</p>
        </ActionDialog>
      ) : null}
    </section>
  );
}
