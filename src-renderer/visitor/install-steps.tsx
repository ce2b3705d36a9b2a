// The three install steps: download, Bluetooth on and allowed, keep the app running.
import { useLang } from '../i18n/lang-context.js';
import type { MessageKey } from '../../shared/i18n/translate.js';

const STEPS: readonly { title: MessageKey; body: MessageKey }[] = [
  { title: 'step1_title', body: 'step1_body' },
  { title: 'step2_title', body: 'step2_body' },
  { title: 'step3_title', body: 'step3_body' },
];

export function InstallSteps() {
  const { t, t2 } = useLang();
  return (
    <ol className="steps">
      {STEPS.map((step, i) => (
        <li key={step.title} className="step">
          <span className="step-number" aria-hidden="true">
            {i + 1}
          </span>
          <div className="step-text">
            <p className="step-title">{t(step.title)}</p>
            <p className="step-secondary">
              {t2(step.title)}
            </p>
            <p className="step-body">{t(step.body)}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}
