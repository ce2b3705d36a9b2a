// A failed call shown on screen: translated by its stable code, with the server's own words
// as a fallback, announced to screen readers.
import { ConsoleApiError } from '../../../shared/api/console-client.js';
import { useT } from '../i18n.js';

export function errorParts(err: unknown): { code: string; message: string } {
  if (err instanceof ConsoleApiError) return { code: err.code, message: err.message };
  return { code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, errorMessage } = useT();
  if (error === null || error === undefined) return null;
  const { code, message } = errorParts(error);
  return (
    <div className="error-box" role="alert" data-code={code}>
      <strong>{t('error_prefix')}:</strong> {errorMessage(code, message)}
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}
