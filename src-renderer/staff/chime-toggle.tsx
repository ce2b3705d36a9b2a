// Staff turn the check-in chime on or off for this kiosk window.
import { useState } from 'react';
import { useLang } from '../i18n/lang-context.js';
import { checkinSoundOn, setCheckinSound } from '../kiosk/kiosk-prefs.js';

export function ChimeToggle() {
  const { t } = useLang();
  const [on, setOn] = useState(() => checkinSoundOn());
  const flip = () => {
    setCheckinSound(!on);
    setOn(!on);
  };
  return (
    <div className="chime-toggle">
      <span className="chime-label">
        {t('sound_title')}: <strong data-testid="chime-state">{t(on ? 'sound_on' : 'sound_off')}</strong>
      </span>
      <button type="button" className="lang-toggle" aria-pressed={on} onClick={flip}>
        {t(on ? 'sound_turn_off' : 'sound_turn_on')}
      </button>
    </div>
  );
}
