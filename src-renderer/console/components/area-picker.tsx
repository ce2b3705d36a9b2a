// Province > district > ward chosen from the imported administrative units, never typed
// (two-level provinces since 2025 have no district: the ward list hangs under the province).
// Until an admin imports the units the fields are plain text, with a note saying so.
import { useMemo } from 'react';
import type { AreaView } from '../../../shared/api/areas-api.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from './use-load.js';

export interface Place {
  province: string;
  district: string;
  ward: string;
}

const byName = (a: AreaView, b: AreaView) => a.name.localeCompare(b.name, 'vi');

export function useAreas() {
  const { client } = useSession();
  return useLoad(() => client.areas(), []);
}

export function AreaPicker({ value, onChange, levels = 'ward', idPrefix }: { value: Place; onChange(p: Place): void; levels?: 'province' | 'district' | 'ward'; idPrefix: string }) {
  const { t } = useT();
  const areas = useAreas();
  const all = areas.data?.areas ?? [];
  const provinces = useMemo(() => all.filter((a) => a.level === 'province').sort(byName), [all]);
  const province = provinces.find((p) => p.name === value.province);
  const districts = useMemo(() => (province ? all.filter((a) => a.level === 'district' && a.parent_code === province.code).sort(byName) : []), [all, province]);
  const district = districts.find((d) => d.name === value.district);
  const wards = useMemo(() => {
    const parent = district?.code ?? (value.district === '' ? province?.code : undefined);
    return parent ? all.filter((a) => a.level === 'ward' && a.parent_code === parent).sort(byName) : [];
  }, [all, district, province, value.district]);
  const directWards = province ? all.some((a) => a.level === 'ward' && a.parent_code === province.code) : false;

  if (areas.data && all.length === 0) {
    return (
      <>
        <p className="warn-box">{t('areas_none')}</p>
        <label>
          {t('area_province')}
          <input name={`${idPrefix}-province`} value={value.province} onChange={(e) => onChange({ ...value, province: e.target.value })} />
        </label>
        {levels !== 'province' ? (
          <label>
            {t('area_district')}
            <input name={`${idPrefix}-district`} value={value.district} onChange={(e) => onChange({ ...value, district: e.target.value })} />
          </label>
        ) : null}
        {levels === 'ward' ? (
          <label>
            {t('area_ward')}
            <input name={`${idPrefix}-ward`} value={value.ward} onChange={(e) => onChange({ ...value, ward: e.target.value })} />
          </label>
        ) : null}
      </>
    );
  }
  return (
    <>
      <label>
        {t('area_province')}
        <select name={`${idPrefix}-province`} value={value.province} onChange={(e) => onChange({ province: e.target.value, district: '', ward: '' })}>
          <option value="">{t('area_choose')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {levels !== 'province' && (districts.length > 0 || !province) ? (
        <label>
          {t('area_district')}
          <select name={`${idPrefix}-district`} value={value.district} disabled={!province} onChange={(e) => onChange({ ...value, district: e.target.value, ward: '' })}>
            <option value="">{directWards ? t('area_no_district') : t('area_choose')}</option>
            {districts.map((d) => (
              <option key={d.code} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {levels === 'ward' ? (
        <label>
          {t('area_ward')}
          <select name={`${idPrefix}-ward`} value={value.ward} disabled={wards.length === 0} onChange={(e) => onChange({ ...value, ward: e.target.value })}>
            <option value="">{t('area_choose')}</option>
            {wards.map((w) => (
              <option key={w.code} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
