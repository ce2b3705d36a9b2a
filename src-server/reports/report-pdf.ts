// The venue's report and the area's compiled report as PDFs in the Vietnamese administrative
// form (Decree 30/2020/ND-CP layout): issuing unit and number at the left, the national
// heading and the date line at the right, the subject ("V/v …"), "Kính gửi", the body with
// the figures and a table, "Nơi nhận" and the signature block.
import type { CampaignOverview, ReportFigures, SubmissionVersion, VenueReport } from '../../shared/api/report-api.js';
import { formatRateVi } from '../../shared/domain/install-rate.js';
import { dateLineVi, formatDayVi, formatLocalDateTimeVi } from '../../shared/domain/report-period.js';
import { CONTENT_W, PdfLayout } from './pdf-layout.js';

export const REPORT_SUBJECT = 'V/v báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone';
export const NATIONAL_HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export const VENUE_KIND_VI: Record<string, string> = {
  office: 'Cơ quan, văn phòng',
  restaurant: 'Nhà hàng, quán ăn',
  bus_station: 'Bến xe',
  school: 'Trường học',
  hospital: 'Bệnh viện, cơ sở y tế',
  market: 'Chợ, trung tâm thương mại',
  other: 'Khác',
};

interface FormParts {
  parentUnit: string | null;
  unit: string;
  numberLine: string;
  place: string;
  date: number;
  recipients: readonly string[];
  body: (l: PdfLayout) => void;
  copiesTo: readonly string[];
  signature: readonly string[];
}

const num = (n: number): string => n.toLocaleString('vi-VN');

function uptimeText(f: ReportFigures): string {
  if (f.uptime_ratio === null) return 'không đo được (chưa có kiosk hoặc ngoài thời gian lưu nhật ký kết nối)';
  return `${formatRateVi(f.uptime_ratio)} số khung 15 phút đo được (${num(f.uptime_covered_slots)}/${num(f.uptime_measured_slots)})`;
}

async function adminDocument(title: string, createdAt: number, p: FormParts): Promise<Uint8Array> {
  const l = await PdfLayout.create({ title, subject: REPORT_SUBJECT, createdAt });
  const leftW = CONTENT_W * 0.42;
  const rightX = CONTENT_W * 0.42;
  const rightW = CONTENT_W * 0.58;
  l.columns(
    (c) => {
      if (p.parentUnit) c.text(p.parentUnit.toUpperCase(), { width: leftW, align: 'center', size: 12 });
      c.text(p.unit.toUpperCase(), { width: leftW, align: 'center', size: 12, style: 'bold' });
      c.rule(0, leftW, 60);
      c.text(p.numberLine, { width: leftW, align: 'center', size: 12 });
      c.text(REPORT_SUBJECT, { width: leftW, align: 'center', size: 11 });
    },
    (c) => {
      c.text(NATIONAL_HEADING, { x: rightX, width: rightW, align: 'center', size: 12, style: 'bold' });
      c.text(NATIONAL_MOTTO, { x: rightX, width: rightW, align: 'center', size: 12.5, style: 'bold' });
      c.rule(rightX, rightW, 150);
      c.space(4);
      c.text(`${p.place}, ${dateLineVi(p.date)}`, { x: rightX, width: rightW, align: 'center', size: 12.5, style: 'italic' });
    },
  );
  l.space(14);
  if (p.recipients.length === 1) {
    l.text(`Kính gửi: ${p.recipients[0]!}`, { align: 'center', size: 13 });
  } else {
    l.text('Kính gửi:', { x: CONTENT_W * 0.2, size: 13 });
    for (const r of p.recipients) l.text(`- ${r}`, { x: CONTENT_W * 0.3, size: 13 });
  }
  l.space(8);
  p.body(l);
  l.space(14);
  l.ensure(120);
  l.columns(
    (c) => {
      c.text('Nơi nhận:', { width: leftW, size: 11, style: 'bold' });
      for (const r of p.copiesTo) c.text(`- ${r}`, { width: leftW, size: 10.5 });
    },
    (c) => {
      for (const s of p.signature) c.text(s, { x: rightX, width: rightW, align: 'center', size: 12.5, style: 'bold' });
      c.text('(Ký, ghi rõ họ tên và đóng dấu)', { x: rightX, width: rightW, align: 'center', size: 11, style: 'italic' });
    },
  );
  return l.bytes();
}

const para = (l: PdfLayout, text: string, style: 'regular' | 'bold' | 'italic' = 'regular') => l.text(text, { indent: 28, style, size: 13 });
const item = (l: PdfLayout, text: string) => l.text(`- ${text}`, { x: 28, size: 13 });

export interface VenuePdfContext {
  /** "Kính gửi" line; defaults to the district People's Committee. */
  recipient?: string;
  /** The request being answered, quoted in the opening sentence. */
  request?: { issuer_unit: string; document_number: string };
  /** Staff figures: those of a campaign submission (version, submitted_at), or the venue's entered ones (recorded_at). */
  staff?: Pick<SubmissionVersion, 'staff_smartphone' | 'staff_bluezone'> & Partial<Pick<SubmissionVersion, 'version' | 'submitted_at'>> & { recorded_at?: number };
}

export function venueReportPdf(r: VenueReport, ctx: VenuePdfContext = {}): Promise<Uint8Array> {
  const v = r.venue;
  const t = r.totals;
  const from = formatDayVi(r.period.from);
  const to = formatDayVi(r.period.to);
  const request = ctx.request
    ? `Thực hiện văn bản số ${ctx.request.document_number || '…'} của ${ctx.request.issuer_unit} về việc báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone`
    : 'Thực hiện chỉ đạo về việc triển khai, vận động cài đặt ứng dụng Bluezone phòng, chống dịch COVID-19';
  return adminDocument(`Báo cáo Bluezone — ${v.name} — ${from}–${to}`, r.generated_at, {
    parentUnit: null,
    unit: v.name,
    numberLine: 'Số:        /BC',
    place: v.district,
    date: ctx.staff?.submitted_at ?? r.generated_at,
    recipients: [ctx.recipient ?? `Ủy ban nhân dân ${v.district} (qua Phòng Văn hóa và Thông tin)`],
    body: (l) => {
      para(l, `${request}, ${v.name} (${VENUE_KIND_VI[v.kind] ?? v.kind}; ${v.ward}, ${v.district}, ${v.province}) báo cáo kết quả từ ngày ${from} đến ngày ${to} như sau:`);
      para(l, '1. Kết quả ghi nhận khách ra vào (số liệu tự động của kiosk Bluezone và số đếm của nhân viên):', 'bold');
      item(l, `Lượt khách có Bluezone (ước tính số người khác nhau trong từng ngày, cộng các ngày): ${num(t.unique_visitors)}.`);
      item(l, `Lượt thiết bị theo khung 15 phút (mức hoạt động sóng, không phải số người): ${num(t.device_slots)}.`);
      item(l, `Lượt khách không có ứng dụng (nhân viên đếm tại cửa): ${num(t.no_app)}.`);
      item(l, `Số người được hướng dẫn cài đặt Bluezone: ${num(t.helped_install)}.`);
      item(l, `Tỷ lệ cài đặt: ${formatRateVi(t.install_rate)}.`);
      l.text(`Cách tính: ${r.install_rate_method.vi}`, { x: 28, size: 11, style: 'italic' });
      para(l, '2. Cán bộ, nhân viên của đơn vị:', 'bold');
      if (ctx.staff) {
        item(l, `Số người có điện thoại thông minh: ${num(ctx.staff.staff_smartphone)}.`);
        item(l, `Số người đã cài đặt Bluezone: ${num(ctx.staff.staff_bluezone)} (${formatRateVi(ctx.staff.staff_smartphone > 0 ? ctx.staff.staff_bluezone / ctx.staff.staff_smartphone : null)}).`);
        if (ctx.staff.version === undefined && ctx.staff.recorded_at !== undefined) {
          l.text(`Số liệu do đơn vị cập nhật lúc ${formatLocalDateTimeVi(ctx.staff.recorded_at)}.`, { x: 28, size: 11, style: 'italic' });
        }
      } else {
        item(l, 'Đơn vị chưa nhập số liệu cán bộ, nhân viên.');
      }
      para(l, '3. Hoạt động của kiosk:', 'bold');
      item(l, `Số kiosk: ${num(t.kiosks)}; ngày có số liệu: ${num(t.days_with_data)}/${num(r.days.length)}; thời gian kết nối: ${uptimeText(t)}.`);
      if (r.gaps.length === 0) item(l, 'Không có gián đoạn từ 30 phút trở lên.');
      else {
        const shown = r.gaps.slice(0, 10).map((g) => `${formatLocalDateTimeVi(g.from)} – ${formatLocalDateTimeVi(g.to)} (${num(g.minutes)} phút)`);
        item(l, `Gián đoạn từ 30 phút trở lên: ${num(r.gaps.length)} lần${r.gaps.length > 10 ? ' (10 lần dài nhất theo thứ tự thời gian dưới đây)' : ''}: ${shown.join('; ')}.`);
      }
      para(l, '4. Số liệu theo ngày:', 'bold');
      l.space(2);
      l.table(
        [
          { title: 'Ngày', weight: 1.3 },
          { title: 'Khách có Bluezone (ước tính)', weight: 1.4, align: 'right' },
          { title: 'Lượt thiết bị / 15 phút', weight: 1.3, align: 'right' },
          { title: 'Không có ứng dụng', weight: 1.2, align: 'right' },
          { title: 'Được hướng dẫn cài', weight: 1.2, align: 'right' },
          { title: 'Tỷ lệ cài đặt', weight: 1.1, align: 'right' },
          { title: 'Kiosk kết nối', weight: 1.1, align: 'right' },
        ],
        [
          ...r.days.map((d) => [formatDayVi(d.day), num(d.unique_visitors), num(d.device_slots), num(d.no_app), num(d.helped_install), formatRateVi(d.install_rate), formatRateVi(d.uptime_ratio)]),
          ['Tổng cộng', num(t.unique_visitors), num(t.device_slots), num(t.no_app), num(t.helped_install), formatRateVi(t.install_rate), formatRateVi(t.uptime_ratio)],
        ],
      );
      l.space(8);
      para(l, `Trên đây là báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone của ${v.name}./.`);
      if (ctx.staff?.version !== undefined && ctx.staff.submitted_at !== undefined) l.text(`Bản nộp lần ${ctx.staff.version}, lúc ${formatLocalDateTimeVi(ctx.staff.submitted_at)}.`, { x: 28, size: 10.5, style: 'italic' });
    },
    copiesTo: ['Như trên;', 'Lưu: VT.'],
    signature: ['THỦ TRƯỞNG ĐƠN VỊ'],
  });
}

function areaName(c: CampaignOverview['campaign']): string {
  return [c.ward, c.district, c.province].filter((x): x is string => x !== null).join(', ');
}

function upperRecipient(c: CampaignOverview['campaign']): string {
  if (c.level === 'province') return 'Bộ Thông tin và Truyền thông';
  if (c.level === 'district') return `Sở Thông tin và Truyền thông ${c.province}`;
  return `Ủy ban nhân dân ${c.district ?? ''} (qua Phòng Văn hóa và Thông tin)`;
}

const LEVEL_BELOW: Record<string, string> = { province: 'Quận, huyện', district: 'Phường, xã', ward: 'Đơn vị' };
// pdf-lib shapes every string it draws (a few ms each on a Pi-class CPU): the PDF lists the
// first venues and the CSV sent with it lists them all.
const MAX_VENUE_ROWS = 100;
const MAX_MISSING_LISTED = 50;

export function campaignReportPdf(o: CampaignOverview, now: number): Promise<Uint8Array> {
  const c = o.campaign;
  const s = o.submitted_totals;
  const k = o.kiosk_totals;
  const from = formatDayVi(c.period.from);
  const to = formatDayVi(c.period.to);
  const notSubmitted = o.venues.filter((v) => v.status !== 'submitted');
  return adminDocument(`Báo cáo tổng hợp Bluezone — ${areaName(c)} — ${from}–${to}`, now, {
    parentUnit: null,
    unit: c.issuer_unit,
    numberLine: 'Số:        /BC',
    place: c.district ?? c.province,
    date: now,
    recipients: [upperRecipient(c)],
    body: (l) => {
      para(
        l,
        `Thực hiện văn bản số ${c.document_number || '…'} của ${c.issuer_unit} đề nghị ${num(o.counts.venues)} cơ quan, đơn vị trên địa bàn ${areaName(c)} báo cáo kết quả triển khai, vận động cài đặt ứng dụng Bluezone từ ngày ${from} đến ngày ${to} (hạn nộp ${formatLocalDateTimeVi(c.deadline_at)}), ${c.issuer_unit} tổng hợp kết quả như sau:`,
      );
      para(l, '1. Tình hình nộp báo cáo:', 'bold');
      item(l, `Đã nộp: ${num(o.counts.submitted)}/${num(o.counts.venues)} đơn vị; chưa nộp (còn hạn): ${num(o.counts.missing)}; quá hạn chưa nộp: ${num(o.counts.late)}.`);
      para(l, '2. Kết quả theo báo cáo của các đơn vị đã nộp:', 'bold');
      item(l, `Lượt khách có Bluezone (ước tính): ${num(s.unique_visitors)}; lượt thiết bị theo khung 15 phút (không phải số người): ${num(s.device_slots)}.`);
      item(l, `Lượt khách không có ứng dụng: ${num(s.no_app)}; số người được hướng dẫn cài đặt: ${num(s.helped_install)}.`);
      item(l, `Tỷ lệ cài đặt: ${formatRateVi(s.install_rate)}.`);
      item(l, `Cán bộ, nhân viên có điện thoại thông minh: ${num(s.staff_smartphone)}; đã cài Bluezone: ${num(s.staff_bluezone)} (${formatRateVi(s.staff_install_rate)}).`);
      para(l, `3. Số liệu tự động từ kiosk của tất cả ${num(o.counts.venues)} đơn vị được đề nghị báo cáo:`, 'bold');
      item(l, `Lượt khách có Bluezone (ước tính): ${num(k.unique_visitors)}; lượt khách không có ứng dụng: ${num(k.no_app)}; được hướng dẫn cài đặt: ${num(k.helped_install)}; tỷ lệ cài đặt: ${formatRateVi(k.install_rate)}.`);
      item(l, `Số kiosk: ${num(k.kiosks)}; thời gian kết nối: ${uptimeText(k)}.`);
      l.text(`Cách tính: ${o.install_rate_method.vi}`, { x: 28, size: 11, style: 'italic' });
      para(l, '4. Xếp hạng theo tỷ lệ cài đặt:', 'bold');
      l.space(2);
      l.table(
        [
          { title: 'Hạng', weight: 0.6, align: 'center' },
          { title: LEVEL_BELOW[c.level] ?? 'Địa bàn', weight: 2.2 },
          { title: 'Số đơn vị', weight: 0.9, align: 'right' },
          { title: 'Đã nộp', weight: 0.9, align: 'right' },
          { title: 'Khách có Bluezone', weight: 1.3, align: 'right' },
          { title: 'Không có ứng dụng', weight: 1.3, align: 'right' },
          { title: 'Tỷ lệ cài đặt', weight: 1.1, align: 'right' },
        ],
        o.ranking.map((r) => [String(r.rank), r.area, num(r.venues), num(r.submitted), num(r.unique_visitors), num(r.no_app), formatRateVi(r.install_rate)]),
      );
      l.space(6);
      para(l, '5. Các đơn vị chưa nộp báo cáo:', 'bold');
      if (notSubmitted.length === 0) item(l, 'Không có.');
      for (const v of notSubmitted.slice(0, MAX_MISSING_LISTED)) {
        item(l, `${v.venue.name} (${v.venue.ward}, ${v.venue.district})${v.status === 'late' ? ' — quá hạn' : ''}.`);
      }
      if (notSubmitted.length > MAX_MISSING_LISTED) item(l, `và ${num(notSubmitted.length - MAX_MISSING_LISTED)} đơn vị khác (xem tệp CSV kèm theo).`);
      para(l, '6. Chi tiết theo đơn vị:', 'bold');
      l.space(2);
      l.table(
        [
          { title: 'Đơn vị', weight: 2.1 },
          { title: 'Trạng thái', weight: 1.6 },
          { title: 'Khách có Bluezone', weight: 1.2, align: 'right' },
          { title: 'Không có ứng dụng', weight: 1.2, align: 'right' },
          { title: 'Tỷ lệ cài đặt', weight: 1.0, align: 'right' },
          { title: 'NV có / cài Bluezone', weight: 1.2, align: 'right' },
        ],
        o.venues
          .slice(0, MAX_VENUE_ROWS)
          .map((v) => [
            v.venue.name,
            v.status === 'submitted' ? `Đã nộp (lần ${v.version ?? 1})` : v.status === 'late' ? 'Quá hạn' : 'Chưa nộp',
            num(v.figures.unique_visitors),
            num(v.figures.no_app),
            formatRateVi(v.figures.install_rate),
            v.staff_smartphone === null ? '—' : `${num(v.staff_smartphone)} / ${num(v.staff_bluezone ?? 0)}`,
          ]),
      );
      if (o.venues.length > MAX_VENUE_ROWS) l.text(`(${num(o.venues.length - MAX_VENUE_ROWS)} đơn vị khác: xem tệp CSV kèm theo.)`, { x: 28, size: 10.5, style: 'italic' });
      l.text('Đơn vị chưa nộp: số liệu tự động từ kiosk.', { x: 28, size: 10.5, style: 'italic' });
      l.space(6);
      para(l, `Trên đây là báo cáo tổng hợp kết quả triển khai, vận động cài đặt ứng dụng Bluezone trên địa bàn ${areaName(c)}./.`);
    },
    copiesTo: ['Như trên;', 'Các đơn vị trên địa bàn;', 'Lưu: VT.'],
    signature: ['THỦ TRƯỞNG ĐƠN VỊ'],
  });
}
