import { useId, useRef, useState, type DragEvent, type ReactElement } from 'react';
import { MAX_IMPORT_MB } from './import-logic';
import { useT } from '../../lib/i18n';

/**
 * Step 1: the file. A native file input (Tab reaches it, Enter or Space opens the picker) inside
 * a zone that also takes a dropped file; its error is announced and tied to the input.
 */
export function FileDrop(props: { onFile: (file: File) => void; error?: string | undefined }): ReactElement {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [dropNote, setDropNote] = useState<string>();
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const files = event.dataTransfer.files;
    const file = files[0];
    if (!file) return;
    setDropNote(files.length > 1 ? t('fileDrop.dropped', { count: files.length, name: file.name }) : undefined);
    props.onFile(file);
  };

  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}${props.error ? ' dropzone--error' : ''}`}
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <label htmlFor={id} className="dropzone__label">
        {t('fileDrop.label')}
      </label>
      <p id={`${id}-hint`} className="dropzone__hint">
        {t('fileDrop.hint', { mb: MAX_IMPORT_MB })}
      </p>
      <input
        ref={input}
        id={id}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => {
          const file = e.target.files?.[0];
          setDropNote(undefined);
          if (file) props.onFile(file);
        }}
      />
      {dropNote ? <p className="small">{dropNote}</p> : null}
      {props.error ? (
        <p id={`${id}-error`} className="dropzone__error" role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
