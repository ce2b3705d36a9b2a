// Admin: venues — create, edit (name, kind), move (area pickers), issue enrollment codes.
import { useState, type FormEvent } from 'react';
import type { Venue } from '../../../shared/api/server-api.js';
import { VENUE_KINDS, type VenueKind } from '../../../shared/domain/types.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable } from '../components/data-table.js';
import { AreaPicker, type Place } from '../components/area-picker.js';
import { ActionDialog } from '../components/action-dialog.js';
import { EnrollKiosk } from '../components/enrollment-code.js';
import { addressOf } from '../components/labels.js';
import { ActionOutcome, useAction } from '../components/use-action.js';

interface VenueDraft extends Place {
  name: string;
  kind: VenueKind;
}

function VenueFields({ d, set, idPrefix }: { d: VenueDraft; set(d: VenueDraft): void; idPrefix: string }) {
  const { t } = useT();
  return (
    <>
      <label>
        {t('venue_name')}
        <input name={`${idPrefix}-name`} required maxLength={200} value={d.name} onChange={(e) => set({ ...d, name: e.target.value })} />
      </label>
      <label>
        {t('venue_kind')}
        <select name={`${idPrefix}-kind`} value={d.kind} onChange={(e) => set({ ...d, kind: e.target.value as VenueKind })}>
          {VENUE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind_${k}`)}
            </option>
          ))}
        </select>
      </label>
      <AreaPicker idPrefix={idPrefix} value={d} onChange={(p) => set({ ...d, ...p })} />
    </>
  );
}

const EMPTY: VenueDraft = { name: '', kind: 'restaurant', province: '', district: '', ward: '' };

export function AdminVenuesPage() {
  const { client } = useSession();
  const { t } = useT();
  const list = useLoad(() => client.venues(), []);
  const [draft, setDraft] = useState<VenueDraft>(EMPTY);
  const [editing, setEditing] = useState<{ v: Venue; d: VenueDraft } | null>(null);
  const [enrolling, setEnrolling] = useState<Venue | null>(null);

  const action = useAction(list.reload);
  const { act, busy } = action;
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => client.createVenue({ name: draft.name, kind: draft.kind, province: draft.province, district: draft.district, ward: draft.ward }), t('venue_created', { name: draft.name }))) setDraft(EMPTY);
  };

  return (
    <section>
      <h1>{t('venues_title')}</h1>
      <ActionOutcome action={action} />
      <ErrorMessage error={list.error} onRetry={list.reload} />
      <DataTable testId="venues-table" columns={[t('venue_name'), t('venue_kind'), t('col_address'), t('actions_title')]}>
        {(list.data?.venues ?? []).map((v) => (
          <tr key={v.id}>
            <td>{v.name}</td>
            <td>{t(`kind_${v.kind}`)}</td>
            <td>{addressOf(v)}</td>
            <td className="button-row">
              <button type="button" aria-label={t('venue_edit_named', { name: v.name })} onClick={() => setEditing({ v, d: { name: v.name, kind: v.kind, province: v.province, district: v.district, ward: v.ward } })}>
                {t('venue_edit')}
              </button>
              <button type="button" aria-label={t('venue_enroll_named', { name: v.name })} onClick={() => setEnrolling(v)}>
                {t('enroll_issue')}
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      {enrolling ? <EnrollKiosk key={enrolling.id} venueId={enrolling.id} venueName={enrolling.name} /> : null}
      <form className="card narrow" onSubmit={(e) => void create(e)}>
        <h2>{t('venue_create_title')}</h2>
        <VenueFields d={draft} set={setDraft} idPrefix="new" />
        <button type="submit" className="primary" disabled={busy}>
          {t('venue_create')}
        </button>
      </form>
      {editing ? (
        <ActionDialog
          action={action}
          title={t('venue_edit_title', { name: editing.v.name })}
          confirmLabel={t('save')}
          run={() => client.updateVenue(editing.v.id, { name: editing.d.name, kind: editing.d.kind, province: editing.d.province, district: editing.d.district, ward: editing.d.ward })}
          message={t('venue_saved', { name: editing.d.name })}
          onClose={() => setEditing(null)}
          keepOpenOnFailure
        >
          <VenueFields d={editing.d} set={(d) => setEditing({ ...editing, d })} idPrefix="edit" />
        </ActionDialog>
      ) : null}
    </section>
  );
}
