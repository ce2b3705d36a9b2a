// The report periods a select offers: a local day, an ISO week (Monday to Sunday), a month.
import { useT } from '../i18n.js';

export function PeriodOptions() {
  const { t } = useT();
  return (
    <>
      <option value="day">{t('period_day')}</option>
      <option value="week">{t('period_week')}</option>
      <option value="month">{t('period_month')}</option>
    </>
  );
}
