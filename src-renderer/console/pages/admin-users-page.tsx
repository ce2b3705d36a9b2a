// Admin: users — create (role and scope), change role/scope, disable, reset a password (the
// server ends that user's sessions).
import { useState, type FormEvent } from 'react';
import type { Role, UserView } from '../../../shared/api/server-api.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable } from '../components/data-table.js';
import { AreaPicker } from '../components/area-picker.js';
import { ActionDialog } from '../components/action-dialog.js';
import { ActionOutcome, useAction } from '../components/use-action.js';

const ROLES: readonly Role[] = ['health_official', 'ict_officer', 'venue_manager', 'admin'];

interface Draft {
  role: Role;
  province: string;
  venueIds: string[];
}

function ScopeFields({ draft, setDraft, idPrefix }: { draft: Draft; setDraft(d: Draft): void; idPrefix: string }) {
  const { client } = useSession();
  const { t } = useT();
  const venues = useLoad(() => client.venues(), []);
  return (
    <>
      <label>
        {t('user_role')}
        <select name={`${idPrefix}-role`} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role_${r}`)}
            </option>
          ))}
        </select>
      </label>
      {draft.role === 'health_official' || draft.role === 'ict_officer' ? (
        <AreaPicker idPrefix={`${idPrefix}-scope`} levels="province" value={{ province: draft.province, district: '', ward: '' }} onChange={(p) => setDraft({ ...draft, province: p.province })} />
      ) : null}
      {draft.role === 'venue_manager' ? (
        <label>
          {t('user_venues')}
          <select name={`${idPrefix}-venues`} multiple size={5} value={draft.venueIds} onChange={(e) => setDraft({ ...draft, venueIds: [...e.target.selectedOptions].map((o) => o.value) })}>
            {(venues.data?.venues ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} — {v.ward}, {v.province}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}

function scopeBody(d: Draft) {
  return {
    role: d.role,
    ...(d.role === 'health_official' || d.role === 'ict_officer' ? { province: d.province } : {}),
    ...(d.role === 'venue_manager' ? { venue_ids: d.venueIds } : {}),
  };
}

export function AdminUsersPage() {
  const { client, user: me } = useSession();
  const { t } = useT();
  const list = useLoad(() => client.users(), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [draft, setDraft] = useState<Draft>({ role: 'health_official', province: '', venueIds: [] });
  const [editing, setEditing] = useState<{ u: UserView; d: Draft } | null>(null);
  const [resetting, setResetting] = useState<{ u: UserView; pw: string } | null>(null);
  const [disabling, setDisabling] = useState<UserView | null>(null);

  const action = useAction(list.reload);
  const { act, busy } = action;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await act(() => client.createUser({ username, password, ...scopeBody(draft) }), t('user_created', { username }))) {
      setUsername('');
      setPassword('');
    }
  };

  return (
    <section>
      <h1>{t('users_title')}</h1>
      <ActionOutcome action={action} />
      <ErrorMessage error={list.error} onRetry={list.reload} />
      <DataTable testId="users-table" columns={[t('username'), t('user_role'), t('user_scope'), t('actions_title')]}>
        {(list.data?.users ?? []).map((u) => (
          <tr key={u.id}>
            <td>{u.username}</td>
            <td>{t(`role_${u.role}`)}</td>
            <td>{u.role === 'venue_manager' ? t('user_venue_count', { count: u.venue_ids.length }) : (u.province ?? t('user_all_provinces'))}</td>
            <td className="button-row">
              <button type="button" onClick={() => setEditing({ u, d: { role: u.role, province: u.province ?? '', venueIds: [...u.venue_ids] } })}>
                {t('user_edit')}
              </button>
              <button type="button" onClick={() => setResetting({ u, pw: '' })}>
                {t('user_reset_password')}
              </button>
              <button type="button" className="danger" disabled={u.id === me.id} onClick={() => setDisabling(u)}>
                {t('user_disable')}
              </button>
            </td>
          </tr>
        ))}
      </DataTable>

      <form className="card narrow" onSubmit={(e) => void create(e)}>
        <h2>{t('user_create_title')}</h2>
        <label>
          {t('username')}
          <input name="new-username" required minLength={3} maxLength={64} pattern="[A-Za-z0-9._\-]+" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('user_initial_password')}
          <input name="new-password" type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ScopeFields draft={draft} setDraft={setDraft} idPrefix="new" />
        <button type="submit" className="primary" disabled={busy}>
          {t('user_create')}
        </button>
      </form>

      {editing ? (
        <ActionDialog
          action={action}
          title={t('user_edit_title', { username: editing.u.username })}
          confirmLabel={t('save')}
          run={() => client.updateUser(editing.u.id, scopeBody(editing.d))}
          message={t('user_saved', { username: editing.u.username })}
          onClose={() => setEditing(null)}
        >
          <ScopeFields draft={editing.d} setDraft={(d) => setEditing({ ...editing, d })} idPrefix="edit" />
        </ActionDialog>
      ) : null}
      {resetting ? (
        <ActionDialog
          action={action}
          title={t('user_reset_title', { username: resetting.u.username })}
          confirmLabel={t('save')}
          run={() => client.resetUserPassword(resetting.u.id, resetting.pw)}
          message={t('user_password_reset', { username: resetting.u.username })}
          onClose={() => setResetting(null)}
        >
          <p>{t('user_reset_note')}</p>
          <label>
            {t('password_new')}
            <input type="password" name="reset-password" autoComplete="new-password" minLength={10} value={resetting.pw} onChange={(e) => setResetting({ ...resetting, pw: e.target.value })} />
          </label>
        </ActionDialog>
      ) : null}
      {disabling ? (
        <ActionDialog
          action={action}
          title={t('user_disable_title', { username: disabling.username })}
          confirmLabel={t('user_disable')}
          run={() => client.updateUser(disabling.id, { disabled: true })}
          message={t('user_disabled', { username: disabling.username })}
          onClose={() => setDisabling(null)}
        >
          <p>{t('user_disable_note')}</p>
        </ActionDialog>
      ) : null}
    </section>
  );
}
