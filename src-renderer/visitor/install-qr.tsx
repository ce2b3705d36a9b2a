// The install QR code, drawn on a canvas at whole device pixels per module.
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../i18n/lang-context.js';
import { modulePixels, qrMatrixFor, QUIET_ZONE } from './qr-matrix.js';

export function InstallQr({ url }: { url: string }) {
  const { t } = useLang();
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const box = boxRef.current;
    const canvas = canvasRef.current;
    if (!box || !canvas) return;
    let matrix: ReturnType<typeof qrMatrixFor>;
    try {
      matrix = qrMatrixFor(url);
      setFailed(false);
    } catch (err) {
      console.warn('[qr] qr_encode_failed', err instanceof Error ? err.message : String(err));
      setFailed(true);
      return;
    }
    const draw = (): void => {
      const dpr = window.devicePixelRatio || 1;
      const cssSide = Math.min(box.clientWidth, box.clientHeight);
      if (cssSide <= 0) return;
      const px = modulePixels(matrix.size, Math.floor(cssSide * dpr));
      const side = px * (matrix.size + 2 * QUIET_ZONE);
      canvas.width = side;
      canvas.height = side;
      canvas.style.width = `${side / dpr}px`;
      canvas.style.height = `${side / dpr}px`;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, side, side);
      ctx.fillStyle = '#000000';
      for (let r = 0; r < matrix.size; r += 1) {
        for (let c = 0; c < matrix.size; c += 1) {
          if (matrix.isDark(r, c)) ctx.fillRect((c + QUIET_ZONE) * px, (r + QUIET_ZONE) * px, px, px);
        }
      }
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(box);
    return () => observer.disconnect();
  }, [url]);

  return (
    <div className="qr-box" ref={boxRef}>
      {failed ? (
        <p className="qr-failed">{t('qr_failed', { url })}</p>
      ) : (
        <canvas ref={canvasRef} className="qr-canvas" data-install-url={url} role="img" aria-label={url} />
      )}
    </div>
  );
}
