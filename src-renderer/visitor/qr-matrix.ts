// QR code geometry for the install link, drawn locally (the kiosk is offline: no QR service).
import QRCode from 'qrcode';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  isDark(row: number, col: number): boolean;
}

/** Quiet zone in modules: the QR spec asks for 4 so phone cameras lock on reliably. */
export const QUIET_ZONE = 4;

export function qrMatrixFor(text: string): QrMatrix {
  // Level M survives glare and a scratched screen protector without making the code dense.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, isDark: (row, col) => data[row * size + col] === 1 };
}

/**
 * Largest whole number of device pixels per module that fits `available` device pixels.
 * Whole pixels keep module edges sharp, which is what makes a code scannable from a screen.
 */
export function modulePixels(matrixSize: number, available: number): number {
  return Math.max(1, Math.floor(available / (matrixSize + 2 * QUIET_ZONE)));
}
