// The venue notice's text, in local time (Asia/Ho_Chi_Minh): staff read it on the kiosk and
// officials in their list. Vietnamese first, English second, each saying what to do.
import { slotEnd, slotStart } from '../../shared/domain/slots.js';

export const LOCAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** "HH:mm dd/MM/yyyy" in the given zone; written from parts so every ICU build agrees. */
export function localDateTime(ms: number, timeZone = LOCAL_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(ms));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('hour')}:${p('minute')} ${p('day')}/${p('month')}/${p('year')}`;
}

export function exposureNoticeText(firstSlot: number, lastSlot: number): { vi: string; en: string } {
  const from = localDateTime(slotStart(firstSlot));
  const to = localDateTime(slotEnd(lastSlot));
  return {
    vi:
      `Cơ quan y tế thông báo: một người mắc COVID-19 (F0) đã có mặt tại địa điểm này từ ${from} đến ${to} (giờ Việt Nam). ` +
      'Việc cần làm: khử khuẩn khu vực tiếp đón và bề mặt hay chạm; nhân viên có mặt trong khung giờ này tự theo dõi sức khỏe; ' +
      'liên hệ trung tâm y tế địa phương để được hướng dẫn; bấm “Đã nhận” trên kiosk.',
    en:
      `Health authority notice: a COVID-19 case (F0) was at this venue from ${from} to ${to} (Vietnam time). ` +
      'What to do: disinfect the reception area and frequently touched surfaces; staff present in that period monitor their health; ' +
      'contact the local health centre for instructions; press “Acknowledge” on the kiosk.',
  };
}
