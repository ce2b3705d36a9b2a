// Health official: one exposure — venue and address, time window, closest distance, dwell,
// peak co-present devices, the venue's per-slot attendance with the F0's presence marked,
// and the actions (notify visitors, notify venue, close), each confirmed and followed by
// what the server did.
import { useMemo, useState } from 'react';
import type { Exposure, SlotPublication } from '../../../shared/api/server-api.js';
import { SLOT_MS, slotStart } from '../../../shared/domain/slots.js';
import { formatLocalDateTime } from '../../../shared/i18n/local-time.js';
import { localDayOf } from '../../../shared/domain/local-day.js';
import type { ConsoleMessageKey } from '../../../shared/i18n/console-translate.js';
import { useSession } from '../session.js';
import { useT, type ConsoleLang } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { LocalRange, LocalTime } from '../components/local-time.js';
import { ActionDialog } from '../components/action-dialog.js';
import { useAction } from '../components/use-action.js';
import { TimeChart } from '../components/time-chart.js';
import { addressOf, distanceLabel, sourceLabel, statusLabel } from '../components/labels.js';
import { href } from '../router.js';

/** Slots shown either side of the F0's window, for context. */
const CONTEXT_SLOTS = 4;

type Action = 'notify_visitors' | 'notify_venue' | 'close';

function localDay(ms: number): string {
  return localDayOf(ms);
}

function AttendanceChart({ e }: { e: Exposure }) {
  const { client } = useSession();
  const { t } = useT();
  const first = e.first_slot - CONTEXT_SLOTS;
  const last = e.last_slot + CONTEXT_SLOTS;
  const days = useMemo(() => [...new Set([localDay(slotStart(first)), localDay(slotStart(last))])], [first, last]);
  const loaded = useLoad(async () => Promise.all(days.map((d) => client.venueEncounters(e.venue.id, d))), [e.venue.id, days.join()]);
  const chart = useMemo(() => {
    const bySlot = new Map<number, number>();
    for (const day of loaded.data ?? []) for (const s of day.slots) bySlot.set(s.slot, s.devices);
    const slots: number[] = [];
    for (let s = first; s <= last; s += 1) slots.push(s);
    return {
      slots,
      times: slots.map(slotStart),
      series: [{ label: t('col_devices'), values: slots.map((s) => bySlot.get(s) ?? 0), color: '#0b5cad' }],
      band: [slotStart(e.first_slot), slotStart(e.last_slot) + SLOT_MS] as const,
    };
  }, [loaded.data, first, last, e.first_slot, e.last_slot, t]);
  return (
    <section className="card" aria-labelledby="chart-title">
      <h2 id="chart-title">{t('exposure_chart_title')}</h2>
      <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
      {loaded.data ? <TimeChart kind="bars" times={chart.times} series={chart.series} band={chart.band} title={t('exposure_chart_title')} /> : null}
      <p className="chart-legend-note">{t('exposure_chart_note')}</p>
      <details>
        <summary>{t('exposure_chart_table')}</summary>
        <table data-testid="slot-table">
          <thead>
            <tr>
              <th scope="col">{t('col_slot')}</th>
              <th scope="col" className="num">
                {t('col_devices')}
              </th>
              <th scope="col">{t('col_f0_present')}</th>
            </tr>
          </thead>
          <tbody>
            {chart.slots.map((s, i) => (
              <tr key={s}>
                <td>{formatLocalDateTime(slotStart(s))}</td>
                <td className="num">{chart.series[0]!.values[i]}</td>
                <td>{s >= e.first_slot && s <= e.last_slot ? t('yes') : t('no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

const SLOT_STATE: Record<SlotPublication['state'], ConsoleMessageKey> = {
  published: 'slot_state_published',
  unpublished: 'slot_state_unpublished',
  no_key: 'slot_state_no_key',
};

function noticeText(t: ConsoleLang['t'], n: Exposure['venue_notice']): string {
  const at = (ms: number | null) => (ms === null ? '—' : formatLocalDateTime(ms));
  if (n.state === 'not_sent') return t('notice_state_not_sent');
  if (n.state === 'queued') return t('notice_state_queued', { time: at(n.queued_at) });
  if (n.state === 'fetched') return t('notice_state_fetched', { queued: at(n.queued_at), fetched: at(n.fetched_at) });
  return t('notice_state_acknowledged', { queued: at(n.queued_at), fetched: at(n.fetched_at), acked: at(n.acknowledged_at) });
}

/** What followed the actions, as the server recorded it: per-slot publication, the notice's delivery. */
function Aftermath({ e, onRefresh, busy }: { e: Exposure; onRefresh: () => void; busy: boolean }) {
  const { t } = useT();
  return (
    <section className="card" aria-labelledby="aftermath-title">
      <h2 id="aftermath-title">{t('aftermath_title')}</h2>
      <h3>{t('aftermath_notice_title')}</h3>
      <p data-testid="venue-notice-state" data-state={e.venue_notice.state}>
        {noticeText(t, e.venue_notice)}
      </p>
      {e.venue_notice.state !== 'not_sent' && !e.venue_notice.covers_current_window ? <p className="warn-box">{t('notice_window_grew')}</p> : null}
      <h3>{t('aftermath_feed_title')}</h3>
      <table data-testid="slot-publication">
        <thead>
          <tr>
            <th scope="col">{t('col_slot')}</th>
            <th scope="col">{t('col_slot_state')}</th>
            <th scope="col">{t('col_feed_batch')}</th>
            <th scope="col">{t('col_published_at')}</th>
          </tr>
        </thead>
        <tbody>
          {(e.slots ?? []).map((s) => (
            <tr key={s.slot} data-slot={s.slot}>
              <td>
                <LocalRange start={s.start} end={s.start + SLOT_MS} />
              </td>
              <td>{t(SLOT_STATE[s.state])}</td>
              <td>{s.feed_batch_id !== null ? <code>{s.feed_batch_id}</code> : '—'}</td>
              <td>
                <LocalTime ms={s.published_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={busy} onClick={onRefresh}>
        {t('aftermath_refresh')}
      </button>
    </section>
  );
}

const CONFIRM: Record<Action, { label: ConsoleMessageKey; body: ConsoleMessageKey }> = {
  notify_visitors: { label: 'action_notify_visitors', body: 'confirm_notify_visitors' },
  notify_venue: { label: 'action_notify_venue', body: 'confirm_notify_venue' },
  close: { label: 'action_close', body: 'confirm_close' },
};

export function ExposureDetailPage({ id }: { id: string }) {
  const { client, user } = useSession();
  const { t } = useT();
  const loaded = useLoad(() => client.exposure(id), [id]);
  const [asking, setAsking] = useState<Action | null>(null);
  const action = useAction();
  const { busy } = action;
  const [followed, setFollowed] = useState<string[]>([]);
  const [current, setCurrent] = useState<Exposure | null>(null);
  const e = current ?? loaded.data;

  // What the server did is shown as the exposure's new state and a line under "followed".
  const run = async (a: Action) => {
    if (a === 'notify_visitors') {
      const r = await client.notifyVisitors(id);
      setCurrent(r.exposure);
      setFollowed((f) => [...f, `${formatLocalDateTime(Date.now())} — ${t('followed_batch', { batch: (r.feed_batch_id ?? '—').slice(0, 8), entries: r.entries })}`]);
    } else if (a === 'notify_venue') {
      const r = await client.notifyVenue(id);
      setCurrent(r.exposure);
      setFollowed((f) => [...f, `${formatLocalDateTime(Date.now())} — ${t('followed_notice', { notice: r.notice_id.slice(0, 8) })}`]);
    } else {
      setCurrent(await client.closeExposure(id));
      setFollowed((f) => [...f, `${formatLocalDateTime(Date.now())} — ${t('followed_closed')}`]);
    }
  };

  const refresh = () => action.act(async () => setCurrent(await client.exposure(id)));

  return (
    <section>
      <p>
        <a href={href('/exposures')}>{t('exposure_back')}</a>
      </p>
      <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
      {e ? (
        <>
          <h1>{t('exposure_title', { venue: e.venue.name })}</h1>
          <section className="card">
            <dl className="facts">
              <dt>{t('col_address')}</dt>
              <dd>{addressOf(e.venue)}</dd>
              <dt>{t('col_window')}</dt>
              <dd data-testid="exposure-window">
                <LocalRange start={e.start} end={e.end} />
              </dd>
              <dt>{t('col_status')}</dt>
              <dd>
                <span className={`badge ${e.status}`} data-testid="exposure-status">
                  {statusLabel(t, e.status)}
                </span>
              </dd>
              <dt>{t('col_distance')}</dt>
              <dd>{distanceLabel(t, e.closest_distance)}</dd>
              <dt>{t('col_dwell')}</dt>
              <dd>{t('minutes', { count: e.dwell_minutes })}</dd>
              <dt>{t('col_copresent')}</dt>
              <dd>{t('devices', { count: e.co_present_devices })}</dd>
              <dt>{t('col_source')}</dt>
              <dd>{sourceLabel(t, e.source)}</dd>
              <dt>{t('exposure_case')}</dt>
              <dd>
                <code>{e.case_id.slice(0, 8)}</code> · <LocalTime ms={e.created_at} />
              </dd>
            </dl>
          </section>
          <AttendanceChart e={e} />
          {user.role === 'health_official' ? (
            <section className="card" aria-labelledby="actions-title">
              <h2 id="actions-title">{t('actions_title')}</h2>
              <div className="button-row">
                <button type="button" className="primary" disabled={busy || e.status === 'closed'} onClick={() => setAsking('notify_visitors')}>
                  {t('action_notify_visitors')}
                </button>
                <button type="button" className="primary" disabled={busy || e.status === 'closed'} onClick={() => setAsking('notify_venue')}>
                  {t('action_notify_venue')}
                </button>
                <button type="button" className="danger" disabled={busy || e.status === 'closed'} onClick={() => setAsking('close')}>
                  {t('action_close')}
                </button>
              </div>
              <ErrorMessage error={action.error} />
              {followed.length > 0 ? (
                <>
                  <h3>{t('followed_title')}</h3>
                  <ul className="timeline" data-testid="followed" role="status">
                    {followed.map((f, i) => (
                      <li key={i}>{f}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          ) : null}
          <Aftermath e={e} busy={busy} onRefresh={() => void refresh()} />
          {asking ? (
            <ActionDialog action={action} title={t(CONFIRM[asking].label)} confirmLabel={t('confirm')} run={() => run(asking)} onClose={() => setAsking(null)}>
              <p>{t(CONFIRM[asking].body)}</p>
            </ActionDialog>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
