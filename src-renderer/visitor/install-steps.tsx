// The four visitor steps: download, Bluetooth on and allowed, keep the app running, and
// hold the phone to the kiosk (without that step nobody discovers the "Đã ghi nhận" check-in).
import { useLang } from '../i18n/lang-context.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import { HoldPhonePicture } from './hold-phone-picture.js';

const STEPS: readonly { title: MessageKey; body: MessageKey }[] = [
  { title: 'step1_title', body: 'step1_body' },
  { title: 'step2_title', body: 'step2_body' },
  { title: 'step3_title', body: 'step3_body' },
  { title: 'step4_title', body: 'step4_body' },
];

export function InstallSteps() {
  const { t, t2 } = useLang();
  return (
    <ol className="steps" aria-label={t('steps_title')}>
      {STEPS.map((step, i) => (
        <li key={step.title} className="step" data-testid={`step-${i + 1}`}>
          <span className="step-number" aria-hidden="true">
            {i + 1}
          </span>
          <div className="step-text">
            <p className="step-title">{t(step.title)}</p>
            <p className="step-secondary">{t2(step.title)}</p>
            <p className="step-body">{t(step.body)}</p>
          </div>
          {step.title === 'step4_title' ? <HoldPhonePicture label={t('step4_picture')} /> : null}
        </li>
      ))}
    </ol>
  );
}
