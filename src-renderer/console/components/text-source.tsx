// One Bluezone file, by upload or paste: the file's text lands in the text area, so both
// ways go through the same preview.
import { useId, useState } from 'react';
import { useT } from '../i18n.js';

/** Text files only: a NUL byte or many undecodable bytes mean the wrong file was picked. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad > 0 && bad > text.length / 100;
}

export function TextSource(props: { label: string; name: string; value: string; accept: string; onChange(v: string): void; rows?: number }) {
  const { t } = useT();
  const id = useId();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    const text = await f.text();
    if (looksBinary(text)) {
      setNote({ ok: false, text: t('intake_file_binary', { name: f.name }) });
      return;
    }
    setNote({ ok: true, text: t('intake_file_loaded', { name: f.name, size: f.size }) });
    props.onChange(text);
  };
  return (
    <fieldset className="card">
      <legend>{props.label}</legend>
      <label className="inline">
        {t('intake_file')}
        <input type="file" name={`${props.name}-file`} accept={props.accept} onChange={(e) => void onFile(e.target.files?.[0])} />
      </label>
      {note ? (
        <p className={note.ok ? 'hint' : 'error-box'} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
      <label htmlFor={id} className="hint">
        {t('intake_paste_hint')}
      </label>
      <textarea id={id} name={props.name} aria-label={props.label} rows={props.rows ?? 6} spellCheck={false} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </fieldset>
  );
}
