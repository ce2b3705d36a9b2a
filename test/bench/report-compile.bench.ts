// Compiling a province's report on PostgreSQL: BENCH_REPORT_VENUES venues (default 10,000) x
// 30 local days of kiosk estimates, staff tallies and the kiosks' contact log, generated
// with generate_series; a province-wide campaign asks every venue and 60 % have submitted.
// Measures the one action an official takes (compileCampaign: status of every venue, the
// submitted and kiosk totals, the ranking, then the CSV) against the bare aggregate queries
// over the same rows (the three per-venue GROUP BYs, same driver, interleaved in the same run),
// as a ratio (target <= 1.5) and p95 ms; the PDF's time is reported beside it.
// Run: npx tsx test/bench/report-compile.bench.ts   (BENCH_REPORT_VENUES=500 while developing)
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PG_ADMIN_URL, createTestDatabase } from '../integration/server/helpers/backends.js';
import { check, postgresProblem, round, writeResult, writeSkipped } from './bench-kit.js';
import { createServices } from '../../src-server/services.js';
import { loadConfig } from '../../src-server/config.js';
import { compileCampaign } from '../../src-server/reports/campaign-report.js';
import { campaignReportCsv } from '../../src-server/reports/report-csv.js';
import { campaignReportPdf } from '../../src-server/reports/report-pdf.js';
import { periodSlots } from '../../src-server/reports/venue-report.js';
import { localDayOf, localDayString } from '../../shared/domain/report-period.js';
import { SLOT_MS } from '../../shared/domain/slots.js';

const VENUES = Number(process.env['BENCH_REPORT_VENUES'] ?? 10_000);
const DAYS = 30;
const RUNS = Number(process.env['BENCH_REPORT_RUNS'] ?? 12);
/** Slots a day with a staff tally, and contacts a day in the contact log, per venue. */
const TALLY_SLOTS = 4;
const CONTACTS_PER_DAY = 24;
const RETENTION_DAYS = 21;

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const problem = await postgresProblem(PG_ADMIN_URL);
  if (problem !== null) {
    writeSkipped('report-compile', problem);
    return;
  }
  const db = await createTestDatabase('postgres');
  const client = new pg.Client({ connectionString: db.url!, options: `-c search_path=${db.schema}` });
  await client.connect();
  // The bare queries run in parallel on a pool, as the compile's do through Kysely's pool.
  const pool = new pg.Pool({ connectionString: db.url!, options: `-c search_path=${db.schema}`, max: 3 });
  try {
    const now = Date.now();
    const lastDay = localDayOf(now) - 1;
    const firstDay = lastDay - DAYS + 1;
    const from = localDayString(firstDay);
    const to = localDayString(lastDay);
    const ps = periodSlots({ kind: 'month', from, to });
    const t0 = performance.now();
    await client.query(`INSERT INTO venues SELECT 'v' || g, 'Đơn vị ' || g, 'office', 'Hà Tĩnh', 'Huyện ' || (g % 13), 'Xã ' || (g % 260), 0 FROM generate_series(0, ${VENUES - 1}) g`);
    await client.query(`INSERT INTO kiosks (id, venue_id, public_key, version, enrolled_at) SELECT 'k' || g, 'v' || g, 'x', '1', 0 FROM generate_series(0, ${VENUES - 1}) g`);
    await client.query(`
      INSERT INTO venue_days (kiosk_id, venue_id, day, unique_visitors, device_slots, median_dwell_s, gaen_devices, updated_at)
      SELECT 'k' || v, 'v' || v, to_char(date '1970-01-01' + d, 'YYYY-MM-DD'), 20 + (v * 7 + d) % 80, 60 + (v * 11 + d) % 300, 600, 0, 0
      FROM generate_series(0, ${VENUES - 1}) v, generate_series(${firstDay}, ${lastDay}) d`);
    await client.query(`
      INSERT INTO attendance (kiosk_id, venue_id, slot, day, bluezone_devices, gaen_devices, arrivals, no_app, helped_install)
      SELECT 'k' || v, 'v' || v, s, s / 96, 5, 0, 5, (v + s) % 9, (v + s) % 3
      FROM generate_series(0, ${VENUES - 1}) v,
           LATERAL (SELECT ${ps.fromSlot} + d * 96 + 30 + t * 12 AS s FROM generate_series(0, ${DAYS - 1}) d, generate_series(0, ${TALLY_SLOTS - 1}) t) x`);
    const contactFrom = Math.max(ps.fromSlot * SLOT_MS, now - RETENTION_DAYS * 86_400_000);
    await client.query(`
      INSERT INTO batches (kiosk_id, batch_id, received_at, encounters, slot_keys, attendance)
      SELECT 'k' || v, v || '-' || h, ${contactFrom} + h * 3600000 + (v % 60) * 1000, 0, 0, 0
      FROM generate_series(0, ${VENUES - 1}) v, generate_series(0, ${RETENTION_DAYS * CONTACTS_PER_DAY - 1}) h
      WHERE ${contactFrom} + h * 3600000 < ${ps.toSlot * SLOT_MS}`);
    const campaignId = randomUUID();
    await client.query(
      `INSERT INTO report_campaigns VALUES ($1, 'Báo cáo tháng', 'province', 'Hà Tĩnh', NULL, NULL, '', 'month', $2, $3, $4, 'Sở Thông tin và Truyền thông Hà Tĩnh', '1/STTTT', 'u', 0)`,
      [campaignId, from, to, now + 86_400_000],
    );
    await client.query(`INSERT INTO report_campaign_venues SELECT $1, 'v' || g FROM generate_series(0, ${VENUES - 1}) g`, [campaignId]);
    // A stored submission holds the venue report the manager saw: ~30 days of figures.
    const totals = { unique_visitors: 1500, device_slots: 5000, no_app: 300, helped_install: 50, install_rate: 0.8333, days_with_data: 30, kiosks: 1, uptime_ratio: 0.98, uptime_measured_slots: 2000, uptime_covered_slots: 1960 };
    const figures = JSON.stringify({ totals, days: Array.from({ length: DAYS }, (_, i) => ({ day: localDayString(firstDay + i), unique_visitors: 50, device_slots: 160, no_app: 10, helped_install: 2, install_rate: 0.8333, uptime_ratio: 1 })), gaps: [] });
    await client.query(`INSERT INTO report_submissions SELECT $1, 'v' || g, 1, 30, 25, '', $2, $3, 'manager', 0 FROM generate_series(0, ${VENUES - 1}) g WHERE g % 10 < 6`, [campaignId, JSON.stringify(totals), figures]);
    await client.query('ANALYZE');
    const prepS = (performance.now() - t0) / 1000;
    const rows = Number((await client.query('SELECT (SELECT COUNT(*) FROM venue_days) + (SELECT COUNT(*) FROM attendance) + (SELECT COUNT(*) FROM batches) AS n')).rows[0].n);
    process.stdout.write(`generated ${rows} rows for ${VENUES} venues x ${DAYS} days in ${round(prepS)} s\n`);

    const s = createServices(loadConfig({ BZ_SERVER_DATA_DIR: ':memory:', BZ_RETENTION_DAYS: String(RETENTION_DAYS) }), db.handle, () => now);
    const campaign = (await s.campaigns.get(campaignId))!;
    const clock = { now, retentionDays: RETENTION_DAYS };
    const d0 = Math.floor(ps.fromSlot / 96);
    const d1 = Math.floor((ps.toSlot - 1) / 96);
    const bare = async () => {
      await Promise.all([
        pool.query(`SELECT vd.venue_id, SUM(vd.unique_visitors), SUM(vd.device_slots), COUNT(DISTINCT vd.day) FROM report_campaign_venues cv JOIN venue_days vd ON vd.venue_id = cv.venue_id WHERE cv.campaign_id = $1 AND vd.day >= $2 AND vd.day <= $3 GROUP BY vd.venue_id`, [campaignId, from, to]),
        pool.query(`SELECT a.venue_id, SUM(a.no_app), SUM(a.helped_install) FROM report_campaign_venues cv JOIN attendance a ON a.venue_id = cv.venue_id WHERE cv.campaign_id = $1 AND a.day >= $2 AND a.day <= $3 AND a.slot >= $4 AND a.slot < $5 GROUP BY a.venue_id`, [campaignId, d0, d1, ps.fromSlot, ps.toSlot]),
        pool.query(`SELECT k.venue_id, COUNT(DISTINCT b.received_at / ${SLOT_MS}) FROM report_campaign_venues cv JOIN kiosks k ON k.venue_id = cv.venue_id JOIN batches b ON b.kiosk_id = k.id WHERE cv.campaign_id = $1 AND b.received_at >= $2 AND b.received_at < $3 GROUP BY k.venue_id`, [campaignId, contactFrom, ps.toSlot * SLOT_MS]),
      ]);
    };
    let csvBytes = 0;
    let overview: Awaited<ReturnType<typeof compileCampaign>> | null = null;
    const compile = async () => {
      overview = await compileCampaign(s.campaigns, s.reportData, campaign, clock);
      csvBytes = campaignReportCsv(overview).length;
    };
    for (let i = 0; i < 2; i += 1) {
      await bare();
      await compile();
    }
    const bareMs: number[] = [];
    const compileMs: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      // Interleaved, so load from other processes falls on both alike.
      let t = performance.now();
      await bare();
      bareMs.push(performance.now() - t);
      t = performance.now();
      await compile();
      compileMs.push(performance.now() - t);
    }
    const pdfMs: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < 3; i += 1) {
      const t = performance.now();
      pdfBytes = (await campaignReportPdf(overview!, now)).length;
      pdfMs.push(performance.now() - t);
    }
    const o = overview!;
    const median = (xs: number[]) => pct(xs, 50);
    const ratio = median(compileMs) / median(bareMs);
    const result = {
      venues: VENUES,
      days: DAYS,
      rows,
      runs: RUNS,
      submitted: o.counts.submitted,
      compile_ms: { p50: round(median(compileMs)), p95: round(pct(compileMs, 95)) },
      bare_aggregate_ms: { p50: round(median(bareMs)), p95: round(pct(bareMs, 95)) },
      ratio_to_bare: round(ratio),
      csv_bytes: csvBytes,
      pdf_ms: { p50: round(median(pdfMs)), max: round(Math.max(...pdfMs)) },
      pdf_bytes: pdfBytes,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    writeResult('report-compile', result, [check('compile / bare aggregate (median)', '<=', 1.5, ratio), check('venues compiled', '>=', VENUES, o.venues.length)]);
  } finally {
    await client.end();
    await pool.end();
    await db.drop();
  }
}

await main();
