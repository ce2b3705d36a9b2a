// A modal question before an action that cannot be undone (notify, close, revoke, rotate).
import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../i18n.js';

export function ConfirmDialog(props: { title: string; children: ReactNode; confirmLabel: string; busy?: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useT();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
        <h2 id="confirm-title">{props.title}</h2>
        <div>{props.children}</div>
        <div className="button-row">
          <button type="button" ref={cancelRef} onClick={props.onCancel} disabled={props.busy}>
            {t('cancel')}
          </button>
          <button type="button" className="primary" onClick={props.onConfirm} disabled={props.busy}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
