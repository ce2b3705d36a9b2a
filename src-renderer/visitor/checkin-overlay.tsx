// Full-screen "Đã ghi nhận" shown for a few seconds after a phone checks in at the kiosk,
// with its English line and, unless staff turned it off, a short chime.
import { useEffect, useState } from 'react';
import { useLang } from '../i18n/lang-context.js';
import { noOrphan } from '../i18n/no-orphan.js';
import { checkinSoundOn } from '../kiosk/kiosk-prefs.js';
import type { CheckinSeen } from '../live/live-state.js';
import { playCheckinChime } from './checkin-chime.js';

/** Long enough to read from arm's length, short enough not to block the next visitor. */
export const CHECKIN_SHOW_MS = 5_000;

export function CheckinOverlay({ checkin }: { checkin: CheckinSeen | null }) {
  const { t, t2 } = useLang();
  const [visibleSeq, setVisibleSeq] = useState<number | null>(null);
  const seq = checkin?.seq ?? null;

  useEffect(() => {
    if (seq === null) return;
    setVisibleSeq(seq);
    if (checkinSoundOn()) {
      try {
        playCheckinChime();
      } catch (err) {
        // No audio device (or autoplay refused): the screen still confirms the check-in.
        console.warn(`[checkin] chime not played: ${String(err)}`);
      }
    }
    const timer = window.setTimeout(() => setVisibleSeq(null), CHECKIN_SHOW_MS);
    return () => window.clearTimeout(timer);
  }, [seq]);

  if (visibleSeq === null) return null;
  return (
    <div className="checkin-overlay" role="status" aria-live="assertive" data-testid="checkin-overlay" key={visibleSeq}>
      <svg className="checkin-mark" viewBox="0 0 100 100" aria-hidden="true">
        <circle cx="50" cy="50" r="46" />
        <path d="M28 52 L44 68 L74 36" />
      </svg>
      <p className="checkin-title">{t('checkin_title')}</p>
      <p className="checkin-secondary">{t2('checkin_title')}</p>
      <p className="checkin-body">{noOrphan(t('checkin_body'))}</p>
      <p className="checkin-body checkin-body-secondary">{noOrphan(t2('checkin_body'))}</p>
    </div>
  );
}
