// A question before one action (rotate, revoke, disable, save a change): confirming runs it
// through the page's useAction — the dialog's buttons wait while it is busy — and closes
// the dialog, whose outcome then shows where the page puts ActionOutcome.
import type { ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog.js';
import type { Action } from './use-action.js';

export function ActionDialog<T>(props: {
  action: Action;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  run(): Promise<T>;
  message?: string | ((result: T) => string);
  onClose(): void;
  /** A failure keeps the dialog open (its fields stay as typed) instead of closing it. */
  keepOpenOnFailure?: boolean;
}) {
  const { action, run, message, onClose, keepOpenOnFailure = false } = props;
  const confirm = async () => {
    const ok = await action.act(run, message);
    if (ok || !keepOpenOnFailure) onClose();
  };
  return (
    <ConfirmDialog title={props.title} confirmLabel={props.confirmLabel} busy={action.busy} onCancel={onClose} onConfirm={() => void confirm()}>
      {props.children}
    </ConfirmDialog>
  );
}
