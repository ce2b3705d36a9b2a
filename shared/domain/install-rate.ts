// The install rate: the one definition used by the key server's reports and rankings, the
// officials' console and the kiosk. Reports print INSTALL_RATE_METHOD beside the figure, so
// whoever reads a report can recompute it from the counts in the same report.

/**
 * Share of counted visitors who had Bluezone: with_app / (with_app + without_app).
 * `withApp` is the kiosks' count of Bluezone visitors, `withoutApp` the staff tally of
 * visitors who came in without the app. Null when nobody was counted (no rate, not 0 %).
 * Rounded to 4 decimals (0.2612 = 26.12 %), the precision reports print.
 */
export function installRate(withApp: number, withoutApp: number): number | null {
  const all = withApp + withoutApp;
  return all <= 0 ? null : Math.round((withApp / all) * 10_000) / 10_000;
}

export const INSTALL_RATE_METHOD = {
  vi: 'Tỷ lệ cài đặt = số lượt khách có Bluezone / (số lượt khách có Bluezone + số lượt khách không có ứng dụng). Khách có Bluezone: ước tính số người khác nhau mỗi ngày do kiosk ghi nhận; khách không có ứng dụng: số nhân viên đếm tại cửa.',
  en: 'Install rate = visitors with Bluezone / (visitors with Bluezone + visitors without the app). With Bluezone: the kiosk’s estimate of distinct people per day; without the app: the staff tally at the door.',
} as const;

/** "26,12 %" (Vietnamese decimal comma) or "—" when there is no rate. */
export function formatRateVi(rate: number | null): string {
  if (rate === null) return '—';
  return `${(rate * 100).toFixed(2).replace('.', ',')} %`;
}
