// The venue notice's text, in local time (Asia/Ho_Chi_Minh): staff read it on the kiosk and
// officials in their list. Vietnamese first, English second, each saying what to do.
import { slotEnd, slotStart } from '../../shared/domain/slots.js';
import { formatLocalDateTime } from '../../shared/i18n/local-time.js';

export function exposureNoticeText(firstSlot: number, lastSlot: number): { vi: string; en: string } {
  const from = formatLocalDateTime(slotStart(firstSlot));
  const to = formatLocalDateTime(slotEnd(lastSlot));
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
