import { useId, useRef, useState, type DragEvent, type ReactElement } from 'react';
import { MAX_IMPORT_MB } from './import-logic';

/**
 * Step 1: the file. A native file input (Tab reaches it, Enter or Space opens the picker) inside
 * a zone that also takes a dropped file; its error is announced and tied to the input.
 */
export function FileDrop(props: { onFile: (file: File) => void; error?: string | undefined }): ReactElement {
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
    setDropNote(
      files.length > 1
        ? `You dropped ${files.length} files; importing the first, “${file.name}”. Import the others one at a time.`
        : undefined,
    );
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
        CSV file
      </label>
      <p id={`${id}-hint`} className="dropzone__hint">
        Drag the file here, or choose it. Comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252 (as Excel saves it); at most{' '}
        {MAX_IMPORT_MB} MB. The first row names the columns.
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
