// The screen sizes a venue is likely to have (issue #11): the Pi's 7" panel, common HDMI
// panels and monitors, in landscape and portrait. Every kiosk screen is checked at each.
export const KIOSK_SIZES: readonly (readonly [number, number])[] = [
  [800, 480],
  [1024, 600],
  [1280, 800],
  [480, 800],
  [720, 1280],
  [1920, 1080],
  [1080, 1920],
];
