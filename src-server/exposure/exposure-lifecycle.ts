// The exposure lifecycle after matching (docs/architecture.md §5.5): per-slot publication
// state and derived status, idempotent "notify visitors" (each kiosk slot key enters the feed
// once), venue notices with their delivery state, and the views officials get.
import type { Exposure, ReferredExposure, SlotPublication } from '../../shared/api/server-api.js';
import { slotEnd, slotStart } from '../../shared/domain/slots.js';
import { alertWindow, FEED_SKEW_TOLERANCE_S } from '../../shared/protocol/kiosk-slot-key.js';
import type { ExposuresRepo, ExposureWithVenue } from '../repositories/exposures-repo.js';
import type { ExposureNotice, NoticesRepo } from '../repositories/notices-repo.js';
import type { FeedRepo, VenueSlotKey } from '../repositories/feed-repo.js';
import type { FeedPublisher } from '../feed/feed-publisher.js';
import { DISTANCE_NAME } from '../repositories/batches-repo.js';
import { deriveStatus, publicationState, type PublicationState } from './exposure-publication.js';
import { exposureNoticeText } from './notice-text.js';

type Row = Pick<ExposureWithVenue, 'id' | 'venue_id' | 'first_slot' | 'last_slot' | 'status'>;

function range(first: number, last: number) {
  const start = slotStart(first);
  const end = slotEnd(last);
  return { first_slot: first, last_slot: last, start, end, start_iso: new Date(start).toISOString(), end_iso: new Date(end).toISOString() };
}

export class ExposureLifecycle {
  constructor(
    private readonly exposures: ExposuresRepo,
    private readonly notices: NoticesRepo,
    private readonly feed: FeedRepo,
    private readonly publisher: FeedPublisher,
    private readonly now: () => number,
  ) {}

  private async compute(e: Row): Promise<PublicationState> {
    const keys = await this.feed.venueKeys(e.venue_id, e.first_slot, e.last_slot);
    return publicationState(e.first_slot, e.last_slot, keys.map((k) => ({ slot: k.slot, published: k.feed_batch_id !== null })));
  }

  /** Recomputes and stores one exposure's publication breakdown and status. */
  async refresh(e: Row): Promise<PublicationState> {
    const pub = await this.compute(e);
    const noticed = (await this.notices.latestForExposures([e.id])).has(e.id);
    await this.exposures.setDerived(e.id, deriveStatus(e.status, pub, noticed), JSON.stringify(pub), this.now());
    return pub;
  }

  async refreshCase(caseId: string): Promise<void> {
    for (const e of await this.exposures.list({ caseId })) await this.refresh(e);
  }

  /** Other exposures at the venue share its keys: one publication changes them all. */
  async refreshVenue(venueId: string, fromSlot: number, toSlot: number): Promise<void> {
    for (const e of await this.exposures.list({ venueId, fromSlot, toSlot })) if (e.status !== 'closed') await this.refresh(e);
  }

  /** Publishes the window's keys the feed does not hold yet; repeating it publishes nothing. */
  async notifyVisitors(e: ExposureWithVenue): Promise<{ batchId: string | null; entries: number; alreadyPublished: number; keys: number }> {
    const keys = await this.feed.venueKeys(e.venue_id, e.first_slot, e.last_slot);
    const batch = keys.length === 0 ? null : await this.publisher.publishMissing(e.id, e.venue_id, keys);
    await this.refreshVenue(e.venue_id, e.first_slot, e.last_slot);
    const entries = batch?.entries ?? 0;
    return { batchId: batch?.id ?? null, entries, alreadyPublished: keys.length - entries, keys: keys.length };
  }

  /** Queues a notice for the venue's kiosks unless one covering the current window exists. */
  async notifyVenue(e: ExposureWithVenue): Promise<{ noticeId: string; created: boolean }> {
    const latest = (await this.notices.latestForExposures([e.id])).get(e.id);
    if (latest && latest.notice.first_slot === e.first_slot && latest.notice.last_slot === e.last_slot) {
      return { noticeId: latest.notice.id, created: false };
    }
    const text = exposureNoticeText(e.first_slot, e.last_slot);
    const noticeId = await this.notices.create({
      venue_id: e.venue_id,
      exposure_id: e.id,
      kind: 'exposure',
      message_vi: text.vi,
      message_en: text.en,
      first_slot: e.first_slot,
      last_slot: e.last_slot,
      created_at: this.now(),
    });
    await this.refresh(e);
    return { noticeId, created: true };
  }

  /** One exposure's view with what followed per slot: the feed batch that published it, when. */
  async detail(e: ExposureWithVenue): Promise<Exposure> {
    const view = (await this.views([e]))[0]!;
    return { ...view, slots: slotPublication(e.first_slot, e.last_slot, await this.feed.venueKeys(e.venue_id, e.first_slot, e.last_slot)) };
  }

  /** API views of exposures, publication state computed for rows stored before it existed. */
  async views(rows: readonly ExposureWithVenue[]): Promise<Exposure[]> {
    const notices = await this.notices.latestForExposures(rows.map((r) => r.id));
    const out: Exposure[] = [];
    for (const e of rows) {
      const pub = e.publication ? (JSON.parse(e.publication) as PublicationState) : await this.refresh(e);
      const status = e.publication ? e.status : deriveStatus(e.status, pub, notices.has(e.id));
      out.push(exposureView({ ...e, status }, pub, notices.get(e.id)));
    }
    return out;
  }
}

export function slotPublication(firstSlot: number, lastSlot: number, keys: readonly VenueSlotKey[]): SlotPublication[] {
  const out: SlotPublication[] = [];
  for (let slot = firstSlot; slot <= lastSlot; slot += 1) {
    const own = keys.filter((k) => k.slot === slot);
    const published = own.filter((k) => k.feed_batch_id !== null && k.published_at !== null);
    const latest = published.reduce<VenueSlotKey | null>((a, k) => (a === null || k.published_at! > a.published_at! ? k : a), null);
    out.push({
      slot,
      start: slotStart(slot),
      state: own.length === 0 ? 'no_key' : published.length === own.length ? 'published' : 'unpublished',
      keys: own.length,
      feed_batch_id: latest?.feed_batch_id ?? null,
      published_at: latest?.published_at ?? null,
    });
  }
  return out;
}

function noticeView(e: Row, n: ExposureNotice | undefined): Exposure['venue_notice'] {
  if (!n) return { state: 'not_sent', notice_id: null, queued_at: null, fetched_at: null, acknowledged_at: null, covers_current_window: false };
  return {
    state: n.acknowledged_at !== null ? 'acknowledged' : n.fetched_at !== null ? 'fetched' : 'queued',
    notice_id: n.notice.id,
    queued_at: n.notice.created_at,
    fetched_at: n.fetched_at,
    acknowledged_at: n.acknowledged_at,
    covers_current_window: n.notice.first_slot === e.first_slot && n.notice.last_slot === e.last_slot,
  };
}

export function exposureView(e: ExposureWithVenue, pub: PublicationState, notice: ExposureNotice | undefined): Exposure {
  const ranges = pub.ranges.map((r) => ({ ...range(r.first_slot, r.last_slot), state: r.state }));
  const windows = pub.ranges
    .filter((r) => r.state !== 'no_key')
    .map((r) => {
      const w = range(r.first_slot, r.last_slot);
      const from = alertWindow(r.first_slot).from;
      const to = alertWindow(r.last_slot).to;
      return { ...w, start: from, end: to, start_iso: new Date(from).toISOString(), end_iso: new Date(to).toISOString(), published: r.state === 'published' };
    });
  return {
    id: e.id,
    case_id: e.case_id,
    referred_from: e.case_province !== e.province ? e.case_province : null,
    venue: { id: e.venue.id, name: e.venue.name, kind: e.venue.kind, province: e.venue.province, district: e.venue.district, ward: e.venue.ward },
    first_slot: e.first_slot,
    last_slot: e.last_slot,
    start: slotStart(e.first_slot),
    end: slotEnd(e.last_slot),
    slot_count: e.slot_count,
    closest_distance: DISTANCE_NAME[e.distance_rank] ?? 'far',
    dwell_minutes: e.dwell_minutes,
    co_present_devices: e.co_present_devices,
    source: e.source as Exposure['source'],
    status: e.status as Exposure['status'],
    publication: { published_slots: pub.published_slots, unpublished_slots: pub.unpublished_slots, missing_key_slots: pub.missing_key_slots, ranges },
    venue_notice: noticeView(e, notice),
    visitor_alert: { skew_tolerance_s: FEED_SKEW_TOLERANCE_S, rule: 'phone_logged_kiosk_id_in_window', windows },
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

/** An exposure outside the official's province, as that official may see it. */
export function referredView(e: Pick<Exposure, 'id' | 'status' | 'venue'>): ReferredExposure {
  return { id: e.id, province: e.venue.province, status: e.status };
}
