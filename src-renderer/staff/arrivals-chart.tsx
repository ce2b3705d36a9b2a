// Today's arrivals per local hour as bars: drawn as SVG in the page (no chart library is
// needed for 24 bars, and nothing may load from elsewhere).
import { useLang } from '../i18n/lang-context.js';

const W = 480;
const H = 120;
const LABEL_H = 18;

export function ArrivalsChart({ byHour }: { byHour: readonly number[] | undefined }) {
  const { t, t2 } = useLang();
  const hours = byHour ?? [];
  const max = Math.max(0, ...hours);
  const bar = W / 24;
  return (
    <section className="panel arrivals-panel">
      <h2 className="panel-title">
        {t('arrivals_title')}
        <span className="secondary-line">{t2('arrivals_title')}</span>
      </h2>
      {max === 0 ? (
        <p className="arrivals-none">{t('arrivals_none')}</p>
      ) : (
        <svg className="arrivals-chart" viewBox={`0 0 ${W} ${H + LABEL_H}`} role="img" aria-label={t('arrivals_title')} data-testid="arrivals-chart">
          {hours.map((n, hour) => {
            const h = (n / max) * H;
            return (
              <rect key={hour} className="arrivals-bar" x={hour * bar + 2} y={H - h} width={bar - 4} height={h} data-hour={hour} data-count={n}>
                <title>{t('arrivals_hour', { hour, n })}</title>
              </rect>
            );
          })}
          {[0, 6, 12, 18].map((hour) => (
            <text key={hour} className="arrivals-axis" x={hour * bar + 2} y={H + LABEL_H - 3}>
              {`${hour}h`}
            </text>
          ))}
        </svg>
      )}
    </section>
  );
}
