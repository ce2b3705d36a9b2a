// The distance calibration wizard (Distance tab): staff carry a phone at 2 m, then at about
// 4-5 m, while the core measures the median signal of each point (distance-calibration-
// service.ts); applying makes the two medians the near / mid thresholds, stored and in force.
// Shows the thresholds in force and where they come from, the live progress of a
// measurement, and every refusal of the core as a sentence saying what to do.
import { useCallback, useEffect, useState } from 'react';
import type { CalibrationStatus } from '../../shared/api/core-api.js';
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';
import { holdIdleReset } from '../kiosk/use-idle-reset.js';

/** Where staff hold the phone for each point, in metres (the core's CALIBRATION_DISTANCE_M). */
const POINT_M = { near: '2', far: '4,5' } as const;
const POINT_M_EN = { near: '2', far: '4.5' } as const;
const POLL_MS = 1000;

type Position = 'near' | 'far';

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  too_few_samples: 'cal_error_too_few_samples',
  calibration_points_too_close: 'cal_error_calibration_points_too_close',
  calibration_incomplete: 'cal_error_calibration_incomplete',
  calibration_out_of_range: 'cal_error_calibration_out_of_range',
};

type Note = { kind: 'error' | 'done'; key: MessageKey } | null;

export function CalibrationWizard({ client, onChanged, timeZone }: { client: CoreClient; onChanged: () => Promise<void>; timeZone?: string | undefined }) {
  const { t, t2, lang } = useLang();
  const [cal, setCal] = useState<CalibrationStatus | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(null);
  const [now, setNow] = useState(() => Date.now());
  const metres = lang === 'vi' ? POINT_M : POINT_M_EN;

  /** Runs one call to the core; a refusal becomes the note staff read. */
  const run = useCallback(
    async (call: () => Promise<CalibrationStatus>, done: Note = null): Promise<void> => {
      setBusy(true);
      try {
        const next = await call();
        setCal(next);
        setNote(done);
        if (next.last_error !== null) setNote({ kind: 'error', key: ERROR_KEYS[next.last_error] ?? 'cal_error_failed' });
      } catch (err) {
        if (!(err instanceof CoreClientError)) throw err;
        if (err.status === 404) setUnavailable(true);
        else setNote({ kind: 'error', key: (err.apiCode !== undefined ? ERROR_KEYS[err.apiCode] : undefined) ?? 'cal_error_failed' });
        console.warn(`[calibration] ${err.code}: ${err.message}`);
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  useEffect(() => {
    void run(() => client.calibration());
  }, [client, run]);

  // While a point is measured: poll the core once a second (it closes the point when its
  // time is up) and keep the idle reset off, since staff are away from the screen.
  const measuring = cal?.measuring ?? null;
  const isMeasuring = measuring !== null;
  useEffect(() => {
    if (!isMeasuring) return;
    const release = holdIdleReset();
    const timer = window.setInterval(() => {
      setNow(Date.now());
      void client.calibration().then(
        (next) => {
          setCal(next);
          if (next.measuring === null && next.last_error !== null) setNote({ kind: 'error', key: ERROR_KEYS[next.last_error] ?? 'cal_error_failed' });
        },
        (err: unknown) => console.warn(`[calibration] poll failed: ${String(err)}`),
      );
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      release();
    };
  }, [client, isMeasuring]);

  if (unavailable) return <p className="staff-loading">{t('cal_unavailable')}</p>;
  if (cal === null) return <p className="staff-loading">{note ? t(note.key) : t('loading')}</p>;

  const start = (position: Position) => run(() => client.calibrationStart({ position }));
  const cancel = () => run(() => client.calibrationCancel(), { kind: 'done', key: 'cal_cancelled' });
  const apply = () =>
    run(async () => {
      const next = await client.calibrationApply();
      // The "not calibrated" alert comes from the core's status: fetch it now.
      await onChanged();
      return next;
    }, { kind: 'done', key: 'cal_applied' });

  const { near, far } = cal.points;
  const step: Position | 'apply' = measuring?.position ?? (near === undefined ? 'near' : far === undefined ? 'far' : 'apply');

  return (
    <div className="staff-grid calibration">
      <section className="panel calibration-step" data-testid="calibration-step" data-step={step}>
        <h2 className="panel-title">
          {t(step === 'near' ? 'cal_step_near_title' : step === 'far' ? 'cal_step_far_title' : 'cal_step_apply_title')}
          <span className="secondary-line">{t2(step === 'near' ? 'cal_step_near_title' : step === 'far' ? 'cal_step_far_title' : 'cal_step_apply_title')}</span>
        </h2>
        {measuring !== null ? (
          <Progress cal={cal} position={measuring.position} now={now} metres={metres} busy={busy} onCancel={() => void cancel()} />
        ) : step === 'apply' && near && far ? (
          <>
            <p className="calibration-result" data-testid="calibration-result">
              {t('cal_result', { near: near.median_rssi, mid: far.median_rssi })}
              <span className="secondary-line">{t2('cal_result', { near: near.median_rssi, mid: far.median_rssi })}</span>
            </p>
            <div className="calibration-actions">
              <button type="button" className="calibration-button calibration-primary" disabled={busy} onClick={() => void apply()}>
                {t('cal_apply')}
              </button>
              {(['near', 'far'] as const).map((p) => (
                <button key={p} type="button" className="calibration-button" disabled={busy} onClick={() => void start(p)}>
                  {t('cal_remeasure', { m: metres[p] })}
                </button>
              ))}
            </div>
          </>
        ) : (
          <>
            <p className="calibration-body">
              {t(step === 'near' ? 'cal_step_near_body' : 'cal_step_far_body')}
              <span className="secondary-line">{t2(step === 'near' ? 'cal_step_near_body' : 'cal_step_far_body')}</span>
            </p>
            <div className="calibration-actions">
              <button type="button" className="calibration-button calibration-primary" disabled={busy} onClick={() => void start(step === 'far' ? 'far' : 'near')}>
                {t('cal_start')}
              </button>
              {step === 'far' ? (
                <button type="button" className="calibration-button" disabled={busy} onClick={() => void start('near')}>
                  {t('cal_remeasure', { m: metres.near })}
                </button>
              ) : null}
            </div>
          </>
        )}
        {note ? (
          <p className={`calibration-note calibration-${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="calibration-note">
            {t(note.key)}
            <span className="secondary-line">{t2(note.key)}</span>
          </p>
        ) : null}
        {(['near', 'far'] as const).map((p) => {
          const point = cal.points[p];
          return point && step !== 'apply' ? (
            <p key={p} className="calibration-point" data-testid={`calibration-point-${p}`}>
              {t('cal_point', { m: metres[p], rssi: point.median_rssi, n: point.samples })}
            </p>
          ) : null;
        })}
      </section>
      <section className="panel calibration-current" data-testid="calibration-current" data-source={cal.source}>
        <h2 className="panel-title">
          {t('cal_current_title')}
          <span className="secondary-line">{t2('cal_current_title')}</span>
        </h2>
        <ul className="health-list calibration-thresholds">
          <li data-testid="threshold-near">{t('cal_near_threshold', { rssi: Math.round(cal.near_min_rssi) })}</li>
          <li data-testid="threshold-mid">{t('cal_mid_threshold', { rssi: Math.round(cal.mid_min_rssi) })}</li>
          <li data-testid="threshold-checkin">{t('cal_checkin_threshold', { rssi: Math.round(cal.check_in_min_rssi) })}</li>
          <li className={cal.calibrated ? 'ok' : 'bad'} data-testid="threshold-source">
            {cal.source === 'calibration'
              ? t('cal_source_calibration', { time: cal.calibrated_at === null ? '—' : formatClock(cal.calibrated_at, timeZone) })
              : t(cal.source === 'configuration' ? 'cal_source_configuration' : 'cal_source_default')}
          </li>
        </ul>
        <p className="calibration-intro">{t('cal_intro')}</p>
      </section>
    </div>
  );
}

function Progress({
  cal,
  position,
  now,
  metres,
  busy,
  onCancel,
}: {
  cal: CalibrationStatus;
  position: Position;
  now: number;
  metres: Readonly<Record<Position, string>>;
  busy: boolean;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const m = cal.measuring!;
  const elapsed = Math.min(m.duration_ms, Math.max(0, now - m.started_at));
  const left = Math.ceil((m.duration_ms - elapsed) / 1000);
  return (
    <div className="calibration-progress" data-testid="calibration-progress">
      <p className="calibration-measuring">{t('cal_measuring', { m: metres[position], s: left })}</p>
      <progress className="calibration-bar" max={m.duration_ms} value={elapsed} aria-label={t('cal_progress')} />
      <p data-testid="calibration-samples" data-samples={m.samples}>
        {t('cal_samples', { n: m.samples })}
      </p>
      <p data-testid="calibration-median" data-median={m.median_rssi ?? ''}>
        {m.median_rssi === null ? t('cal_median_none') : t('cal_median', { rssi: m.median_rssi })}
      </p>
      <div className="calibration-actions">
        <button type="button" className="calibration-button" disabled={busy} onClick={onCancel}>
          {t('cal_cancel')}
        </button>
      </div>
    </div>
  );
}
