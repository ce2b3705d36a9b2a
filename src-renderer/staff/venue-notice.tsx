// A health authority's notice for this venue, on the staff console: the exposure window in
// local time, what staff should do, in the chosen language with the other beneath, and the
// acknowledge button whose press reaches the officials (core -> key server).
import { useState } from 'react';
import type { AlertNotice } from '../../shared/api/core-api.js';
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import { slotEnd, slotStart } from '../../shared/domain/slots.js';
import { formatLocalDateTime, formatLocalRange } from '../../shared/i18n/local-time.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import { useLang } from '../i18n/lang-context.js';

const TODO: readonly MessageKey[] = ['notice_todo_disinfect', 'notice_todo_staff', 'notice_todo_contact'];

export function VenueNotice({ notice, client, onChanged }: { notice: AlertNotice; client: CoreClient; onChanged: () => Promise<void> }) {
  const { t, t2 } = useLang();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const range =
    notice.first_slot !== null && notice.last_slot !== null ? formatLocalRange(slotStart(notice.first_slot), slotEnd(notice.last_slot)) : null;
  const acknowledge = async (): Promise<void> => {
    setBusy(true);
    setFailed(false);
    try {
      await client.ackNotice(notice.id);
      await onChanged();
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="venue-notice" data-notice={notice.id}>
      <p className="alert-text">{t('notice_title')}</p>
      <p className="secondary-line">{t2('notice_title')}</p>
      {range !== null ? (
        <p className="notice-window" data-notice-window>
          {t('notice_window', { range })}
          <span className="secondary-line">{t2('notice_window', { range })}</span>
        </p>
      ) : null}
      <p className="notice-todo-title">
        {t('notice_todo_title')} <span className="secondary-line">{t2('notice_todo_title')}</span>
      </p>
      <ul className="notice-todo">
        {TODO.map((k) => (
          <li key={k}>
            {t(k)}
            <span className="secondary-line">{t2(k)}</span>
          </li>
        ))}
      </ul>
      {notice.acknowledged_at !== null ? (
        <p className="notice-acked" data-notice-acked>
          {t('notice_acked', { time: formatLocalDateTime(notice.acknowledged_at) })}
          <span className="secondary-line">{t2('notice_acked', { time: formatLocalDateTime(notice.acknowledged_at) })}</span>
        </p>
      ) : (
        <button type="button" className="notice-ack" disabled={busy} onClick={() => void acknowledge()} data-notice-ack>
          {t('notice_ack')}
          <span className="secondary-line">{t2('notice_ack')}</span>
        </button>
      )}
      {failed ? <p className="notice-ack-failed">{t('notice_ack_failed')}</p> : null}
    </div>
  );
}
