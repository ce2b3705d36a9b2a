// Be Vietnam Pro, bundled: the kiosk is offline, so no font may come from the network.
// Registered through the FontFace API rather than @fontsource's per-subset CSS, because
// those files carry no unicode-range: two faces of one weight would then shadow each
// other and Vietnamese letters (ạ, ữ, ố…) could fall back to a system font.
import vi400 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-vietnamese-400-normal.woff2';
import vi600 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-vietnamese-600-normal.woff2';
import vi800 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-vietnamese-800-normal.woff2';
import latin400 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-latin-400-normal.woff2';
import latin600 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-latin-600-normal.woff2';
import latin800 from '@fontsource/be-vietnam-pro/files/be-vietnam-pro-latin-800-normal.woff2';

export const FONT_FAMILY = 'Be Vietnam Pro';

/** Google Fonts' subset ranges, as published with the font. */
export const VIETNAMESE_RANGE =
  'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB';
export const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

const FACES: readonly { url: string; weight: string; range: string }[] = [
  { url: vi400, weight: '400', range: VIETNAMESE_RANGE },
  { url: vi600, weight: '600', range: VIETNAMESE_RANGE },
  { url: vi800, weight: '800', range: VIETNAMESE_RANGE },
  { url: latin400, weight: '400', range: LATIN_RANGE },
  { url: latin600, weight: '600', range: LATIN_RANGE },
  { url: latin800, weight: '800', range: LATIN_RANGE },
];

/** Adds the faces and starts loading them all, so the first screen paints in the right font. */
export function registerFonts(fonts: FontFaceSet): void {
  for (const { url, weight, range } of FACES) {
    const face = new FontFace(FONT_FAMILY, `url(${url}) format('woff2')`, {
      weight,
      style: 'normal',
      display: 'block',
      unicodeRange: range,
    });
    fonts.add(face);
    face.load().catch((err: unknown) => console.warn(`[fonts] font_load_failed ${weight}: ${String(err)}`));
  }
}
