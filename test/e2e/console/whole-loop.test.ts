// The whole loop once, for real, on SQLite and on PostgreSQL: the real kiosk core (its own
// process, simulated radio) enrolls with the key server and uploads signed batches of its
// encounters and slot keys; a health official signs in to the console in Chromium, uploads
// the F0's real-format files (InfoF JSON, daily-key list, data_trace.txt), sees the exposure
// at the kiosk's venue, notifies visitors and the venue through the UI and sees what
// followed; the public feed holds the kiosk's slot key under a valid signature; the kiosk's
// staff console (Chromium against the same core, after it fetched its notices) shows the
// notice, and staff's acknowledgement reaches the console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKENDS } from '../../integration/server/helpers/backends.js';
import { openKioskStore } from '../../../src-main/core/store/kiosk-store.js';
import { issueEnrollmentCode } from '../../../src-server/enrollment.js';
import { expandEntry, kioskBroadcastId } from '../../../shared/protocol/bluezone-infof.js';
import { formatTraceLine } from '../../../shared/protocol/bluezone-trace.js';
import { SLOT_MS, slotOf, slotStart } from '../../../shared/domain/slots.js';
import { startRealCore, type RealCore } from '../ui/real-core.js';
import { addUser, CONSOLE_SCREENSHOTS, signIn, useConsole } from './console-harness.js';

const VN = 'Asia/Ho_Chi_Minh';
const VENUE = 'Nhà hàng Sen Vàng';

/** dd/mm/yyyy and hh:mm in Vietnam, computed here independently of the product's formatter. */
function vnParts(ms: number): { date: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: VN, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.day}/${p.month}/${p.year}`, time: `${p.hour}:${p.minute}` };
}

function vnIsoDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VN, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

function verifyFeed(body: string, signature: string, publicKeyB64: string): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyB64, 'base64')]);
  return verify(null, Buffer.from(body), createPublicKey({ key: spki, format: 'der', type: 'spki' }), Buffer.from(signature, 'base64'));
}

describe.each(BACKENDS)('the whole loop, kiosk to console to feed to kiosk, on %s', (backend) => {
  const ui = useConsole(backend);
  let core: RealCore | undefined;
  let coreData: string;
  let venueId: string;
  /** The quarter-hour before the core started: the kiosk was already on, its key is stored. */
  let slot: number;
  let slotKeyHex: string;

  beforeAll(async () => {
    const now = Date.now();
    slot = slotOf(now) - 1;
    const v = await ui.server.app.services.venues.create({ name: VENUE, kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' }, now);
    venueId = v.id;
    await addUser(ui.server, 'cdc_loop', 'health_official', { province: 'Hà Nội' });
    const { code } = await issueEnrollmentCode(ui.server.app.services.venues, venueId, 1, now);
    // The kiosk ran through the previous quarter-hour: its beacon's key of that slot is in its
    // store, written by the store itself; slot keys are uploaded once their slot has ended.
    coreData = await mkdtemp(join(tmpdir(), 'bz-loop-core-'));
    const store = openKioskStore({ path: join(coreData, 'kiosk.db'), clock: { now: () => Date.now(), synced: () => true } });
    slotKeyHex = Buffer.from(store.slotKeys.getOrCreate(slot, () => new Uint8Array(randomBytes(32)))).toString('hex').toUpperCase();
    store.close();
    core = await startRealCore(ui.uiDir, {
      BZ_DATA_DIR: coreData,
      BZ_SERVER_URL: ui.server.url,
      BZ_ENROLLMENT_CODE: code,
      BZ_UPLOAD_INTERVAL_MS: '1000',
      BZ_SIM_PRESENT: '6',
      BZ_SIM_SEED: '11',
    });
  });

  afterAll(async () => {
    await core?.stop();
    await rm(coreData, { recursive: true, force: true });
  });

  it('runs from the kiosk’s upload to the notice on the kiosk’s staff console', async () => {
    const db = ui.server.db.handle.db;
    const kioskRows = () => db.selectFrom('kiosks').select(['id']).where('venue_id', '=', venueId).execute();
    await expect.poll(async () => (await kioskRows()).length, { timeout: 30_000 }).toBe(1);
    // The core's signed batches: its encounters with the simulated phones and the earlier slot's key.
    await expect.poll(async () => (await db.selectFrom('encounters').select(['slot']).where('venue_id', '=', venueId).execute()).length, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await db.selectFrom('slot_keys').select(['key_hex']).where('venue_id', '=', venueId).where('slot', '=', slot).execute()).map((r) => r.key_hex.toUpperCase()), { timeout: 60_000, interval: 1000 }).toEqual([slotKeyHex]);

    // The F0: a Bluezone phone with its own daily key, at the venue during that slot; its
    // data_trace.txt logged the kiosk's broadcast ID there.
    const dailyKey = randomBytes(32).toString('hex').toUpperCase();
    const dayStartS = Math.floor(slotStart(slot) / 86_400_000) * 86_400;
    const entry = { daily_key: dailyKey, time_start: dayStartS, time_end: dayStartS + 86_399, max: 96 };
    const ownId = expandEntry(entry, slot, slot)[0]!.id;
    const infoF = JSON.stringify({ base_id: dailyKey, time: dayStartS, daily_key: dailyKey, time_start: dayStartS });
    const seenAt = slotStart(slot) + 6 * 60_000;
    const trace = [formatTraceLine(ownId, kioskBroadcastId(slotKeyHex), -61, seenAt), formatTraceLine(ownId, kioskBroadcastId(slotKeyHex), -66, seenAt + 60_000)].join('\n') + '\n';

    const { page, context } = await ui.open({ width: 1366, height: 768 });
    await signIn(page, 'cdc_loop');
    await page.getByRole('link', { name: 'Tiếp nhận F0' }).first().click();
    await page.getByRole('textbox', { name: 'Mã hồ sơ ca bệnh' }).fill('HN-LOOP-1');
    await page.getByLabel('Có khả năng lây nhiễm từ ngày').fill(vnIsoDate(seenAt - 86_400_000));
    await page.getByLabel('Đến hết ngày').fill(vnIsoDate(Date.now()));
    await page.locator('input[name="info_f-file"]').setInputFiles({ name: 'InfoF.json', mimeType: 'application/json', buffer: Buffer.from(infoF) });
    await page.locator('input[name="daily_keys-file"]').setInputFiles({ name: 'daily_keys.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([entry])) });
    await page.locator('input[name="history-file"]').setInputFiles({ name: 'data_trace.txt', mimeType: 'text/plain', buffer: Buffer.from(trace) });
    await page.getByText('Không có lỗi. Sẵn sàng gửi.').waitFor();
    await page.getByRole('button', { name: 'Gửi và tìm địa điểm phơi nhiễm' }).click();
    await page.getByTestId('intake-result').waitFor();
    const start = vnParts(slotStart(slot));
    const end = vnParts(slotStart(slot) + SLOT_MS);
    expect(await page.getByTestId('intake-result').textContent()).toContain(`${VENUE} — ${start.date} ${start.time}–${end.time}`);

    await page.getByRole('link', { name: VENUE }).click();
    await page.getByRole('heading', { name: `Phơi nhiễm tại ${VENUE}` }).waitFor();
    expect(await page.getByTestId('exposure-window').textContent()).toBe(`${start.date} ${start.time}–${end.time}`);
    const row = page.getByTestId('slot-publication').locator(`tr[data-slot="${slot}"]`);
    expect(await row.textContent()).toContain('Chưa công bố');
    expect(await page.getByTestId('venue-notice-state').textContent()).toBe('Chưa gửi thông báo cho địa điểm.');

    await page.getByRole('button', { name: 'Báo cho khách đã đến' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('followed').getByText(/Đã công bố lô .* 1 khóa\./).waitFor();
    await expect.poll(() => row.textContent()).toContain('Đã công bố');
    const batchId = (await row.locator('code').textContent()) ?? '';
    const stored = await db.selectFrom('feed_entries').select(['feed_batch_id', 'published_at']).where('venue_id', '=', venueId).where('slot', '=', slot).executeTakeFirstOrThrow();
    expect(batchId).toBe(stored.feed_batch_id);
    expect(await row.textContent()).toContain(vnParts(Number(stored.published_at)).time);

    // The public feed holds the slot key, and both the index and the batch verify.
    const keys = (await (await fetch(`${ui.server.url}/v1/feed/keys.json`)).json()) as { keys: { key_id: string; public_key: string }[] };
    const indexRes = await fetch(`${ui.server.url}/v1/feed/index.json`);
    const indexBody = await indexRes.text();
    const keyOf = (id: string | null) => keys.keys.find((k) => k.key_id === id)!.public_key;
    expect(verifyFeed(indexBody, indexRes.headers.get('x-feed-signature') ?? '', keyOf(indexRes.headers.get('x-feed-key-id')))).toBe(true);
    expect(verifyFeed(indexBody.replace('"batches"', '"batchez"'), indexRes.headers.get('x-feed-signature') ?? '', keyOf(indexRes.headers.get('x-feed-key-id')))).toBe(false);
    const index = JSON.parse(indexBody) as { batches: { id: string; url: string }[] };
    const listed = index.batches.find((b) => b.id === batchId);
    expect(listed).toBeDefined();
    const batchRes = await fetch(`${ui.server.url}${listed!.url}`);
    const batchBody = await batchRes.text();
    expect(verifyFeed(batchBody, batchRes.headers.get('x-feed-signature') ?? '', keyOf(batchRes.headers.get('x-feed-key-id')))).toBe(true);
    expect(batchBody).toContain(`"daily_key":"${slotKeyHex}"`);

    await page.getByRole('button', { name: 'Báo cho địa điểm' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('followed').getByText(/Đã xếp hàng thông báo/).waitFor();
    expect(await page.getByTestId('venue-notice-state').getAttribute('data-state')).toBe('queued');

    // The kiosk fetches the notice on its next cycle; staff see it on the kiosk's staff console.
    const staff = await ui.browser.newPage({ viewport: { width: 800, height: 480 } });
    await staff.goto(`${core!.url}/#/staff`);
    const notice = staff.locator('[data-alert="exposure_notice"]');
    await expect
      .poll(
        async () => {
          if ((await notice.count()) === 0) await staff.reload();
          return notice.count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(await notice.textContent()).toContain(`${start.date} ${start.time}–${end.time} (giờ Việt Nam)`);
    await staff.screenshot({ path: join(CONSOLE_SCREENSHOTS, `whole-loop-kiosk-notice-800x480-${backend}.png`), fullPage: true });

    // The console shows the kiosk's fetch, then staff's acknowledgement, at local times.
    const fetched = await db.selectFrom('notice_deliveries').select(['fetched_at']).executeTakeFirstOrThrow();
    await page.getByRole('button', { name: 'Cập nhật trạng thái' }).click();
    await expect.poll(() => page.getByTestId('venue-notice-state').getAttribute('data-state')).toBe('fetched');
    expect(await page.getByTestId('venue-notice-state').textContent()).toContain(`kiosk đã nhận lúc ${vnParts(Number(fetched.fetched_at)).date} ${vnParts(Number(fetched.fetched_at)).time}`);
    await staff.getByRole('button', { name: /Đã nhận thông báo/ }).click();
    await staff.locator('[data-notice-acked]').waitFor();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Cập nhật trạng thái' }).click();
          return page.getByTestId('venue-notice-state').getAttribute('data-state');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('acknowledged');
    expect(await page.getByTestId('venue-notice-state').textContent()).toMatch(/nhân viên đã xác nhận lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./);
    await page.screenshot({ path: join(CONSOLE_SCREENSHOTS, `whole-loop-exposure-1366x768-${backend}.png`), fullPage: true });
    await staff.close();
    await context.close();
  });
});
