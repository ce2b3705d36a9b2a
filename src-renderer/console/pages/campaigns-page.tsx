// Reporting campaigns. Officials (ICT officers, admins) issue a report request to the venues
// of a ward, district or province and follow them; venue managers open their venue's report
// for each request. Every call goes through ConsoleClient over the schemas in
// shared/api/report-api.ts. The list comes a page at a time; "Tải thêm" appends the next.
import { useState } from 'react';
import { Campaign as CampaignSchema, CampaignList, REPORT_API, type Campaign, type CreateCampaignRequest } from '../../../shared/api/report-api.js';
import { formatDayVi } from '../../../shared/domain/report-period.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { useMorePages } from '../components/use-more-pages.js';
import { ErrorMessage } from '../components/error-message.js';
import { LocalTime } from '../components/local-time.js';
import { href, navigate } from '../router.js';
import { PeriodOptions } from '../components/period-options.js';

const KINDS = ['office', 'restaurant', 'bus_station', 'school', 'hospital', 'market', 'other'] as const;

/** "2026-11-23T17:00" typed in a datetime-local field, read as Hà Nội time (UTC+7). */
function localInputToMs(value: string): number {
  return Date.parse(`${value}:00+07:00`);
}

export function campaignArea(c: Pick<Campaign, 'province' | 'district' | 'ward'>): string {
  return [c.ward, c.district, c.province].filter((x) => x !== null && x !== '').join(', ');
}

export function CampaignsPage() {
  const { client, user } = useSession();
  const { t } = useT();
  const list = useLoad(() => client.call('GET', REPORT_API.campaigns, CampaignList), []);
  const official = user.role === 'admin' || user.role === 'ict_officer';
  const more = useMorePages(list, {
    rows: (p) => p.campaigns,
    next: (p) => p.next_cursor,
    fetch: (cursor) => client.call('GET', REPORT_API.campaigns, CampaignList, { query: { cursor } }),
  });
  const { rows, next } = more;
  return (
    <section>
      <h1>{t('campaigns_title')}</h1>
      {official ? <NewCampaignForm onIssued={list.reload} /> : null}
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.data ? (
        rows.length === 0 ? (
          <p className="card">{t('campaigns_none')}</p>
        ) : (
          <table className="card" data-testid="campaigns">
            <thead>
              <tr>
                <th>{t('campaign_col_title')}</th>
                <th>{t('campaign_col_area')}</th>
                <th>{t('campaign_col_period')}</th>
                <th>{t('campaign_col_deadline')}</th>
                <th>{t('campaign_col_submitted')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-campaign={c.id}>
                  <td>
                    {official ? (
                      <a href={href(`/campaigns/${c.id}`)}>{c.title}</a>
                    ) : (
                      user.venue_ids.map((v) => (
                        <a key={v} href={href(`/campaigns/${c.id}/venues/${v}`)}>
                          {c.title}
                        </a>
                      ))
                    )}
                  </td>
                  <td>{campaignArea(c)}</td>
                  <td>
                    {formatDayVi(c.period.from)} – {formatDayVi(c.period.to)}
                  </td>
                  <td>
                    <LocalTime ms={c.deadline_at} /> {c.closed ? <span className="badge closed">{t('campaign_closed')}</span> : null}
                  </td>
                  <td>
                    {c.submitted_count}/{c.venue_count}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <ErrorMessage error={more.error} onRetry={() => void more.loadMore()} />
      {next !== null ? (
        <button type="button" data-testid="campaigns-load-more" disabled={more.loading} onClick={() => void more.loadMore()}>
          {t('load_more')}
        </button>
      ) : null}
    </section>
  );
}

function NewCampaignForm({ onIssued }: { onIssued: () => void }) {
  const { client, user } = useSession();
  const { t } = useT();
  const [level, setLevel] = useState<'province' | 'district' | 'ward'>('district');
  const [form, setForm] = useState({ province: user.province ?? '', district: '', ward: '', period: 'week', date: '', deadline: '', issuer_unit: '', document_number: '' });
  const [kinds, setKinds] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: CreateCampaignRequest = {
        level,
        province: form.province,
        ...(level !== 'province' ? { district: form.district } : {}),
        ...(level === 'ward' ? { ward: form.ward } : {}),
        ...(kinds.length > 0 ? { venue_kinds: kinds as CreateCampaignRequest['venue_kinds'] } : {}),
        period: form.period as CreateCampaignRequest['period'],
        date: form.date,
        deadline_at: localInputToMs(form.deadline),
        issuer_unit: form.issuer_unit,
        document_number: form.document_number,
      };
      const c = await client.call('POST', REPORT_API.campaigns, CampaignSchema, { body });
      onIssued();
      navigate(`/campaigns/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card campaign-form"
      aria-label={t('campaign_new_title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('campaign_new_title')}</h2>
      <label>
        {t('campaign_level')}
        <select value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
          <option value="province">{t('level_province')}</option>
          <option value="district">{t('level_district')}</option>
          <option value="ward">{t('level_ward')}</option>
        </select>
      </label>
      <label>
        {t('campaign_province')}
        <input required value={form.province} onChange={set('province')} />
      </label>
      {level !== 'province' ? (
        <label>
          {t('campaign_district')}
          <input required value={form.district} onChange={set('district')} />
        </label>
      ) : null}
      {level === 'ward' ? (
        <label>
          {t('campaign_ward')}
          <input required value={form.ward} onChange={set('ward')} />
        </label>
      ) : null}
      <fieldset>
        <legend>{t('campaign_kinds')}</legend>
        {KINDS.map((k) => (
          <label key={k} className="inline">
            <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))} />
            {t(`kind_${k}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('campaign_period')}
        <select value={form.period} onChange={set('period')}>
          <PeriodOptions />
        </select>
      </label>
      <label>
        {t('campaign_date')}
        <input type="date" required value={form.date} onChange={set('date')} />
      </label>
      <label>
        {t('campaign_deadline')}
        <input type="datetime-local" required value={form.deadline} onChange={set('deadline')} />
      </label>
      <label>
        {t('campaign_issuer')}
        <input required value={form.issuer_unit} onChange={set('issuer_unit')} />
      </label>
      <label>
        {t('campaign_number')}
        <input value={form.document_number} onChange={set('document_number')} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {t('campaign_issue')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
