// A phone held against the kiosk, drawn inline (no image file: the kiosk is offline and
// the page's CSP allows nothing from elsewhere).
export function HoldPhonePicture({ label }: { label: string }) {
  return (
    <svg className="hold-phone" viewBox="0 0 120 80" role="img" aria-label={label} data-testid="hold-phone-picture">
      <rect className="hold-phone-kiosk" x="4" y="6" width="56" height="68" rx="6" />
      <rect className="hold-phone-kiosk-screen" x="11" y="13" width="42" height="40" rx="2" />
      <path className="hold-phone-check" d="M22 33 l7 7 l13 -13" />
      <path className="hold-phone-wave" d="M70 28 q5 12 0 24" />
      <path className="hold-phone-wave" d="M77 22 q9 18 0 36" />
      <rect className="hold-phone-phone" x="86" y="16" width="28" height="50" rx="5" />
      <rect className="hold-phone-phone-screen" x="90" y="22" width="20" height="36" rx="1.5" />
    </svg>
  );
}
