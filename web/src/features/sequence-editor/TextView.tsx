/**
 * The definition as YAML or JSON text, both ways: typing here updates the canvas and the forms
 * (once the text parses), and edits made elsewhere rewrite the text. The same document
 * `npm run nurture -- sequences publish` and `POST /sequences` take.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import type { TEditDefinition } from './model';
import { useT, type TTranslate } from '../../lib/i18n';

export type TTextFormat = 'yaml' | 'json';

export const toText = (def: TEditDefinition, format: TTextFormat): string =>
  format === 'json' ? `${JSON.stringify(def, null, 2)}\n` : toYaml(def, { lineWidth: 0 });

export function parseText(
  t: TTranslate,
  text: string,
  format: TTextFormat,
): { ok: true; value: TEditDefinition } | { ok: false; message: string } {
  try {
    const value: unknown = format === 'json' ? JSON.parse(text) : parseYaml(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: t('sequenceEditor.text.notObject') };
    const steps = (value as Record<string, unknown>)['steps'];
    if (!Array.isArray(steps) || steps.some((s) => !s || typeof s !== 'object' || Array.isArray(s)))
      return { ok: false, message: t('sequenceEditor.text.steps') };
    return { ok: true, value: value as TEditDefinition };
  } catch (e) {
    return { ok: false, message: (e as Error).message.split('\n')[0] ?? t('sequenceEditor.text.unreadable') };
  }
}

export default function TextView(props: {
  definition: TEditDefinition;
  sequenceKey: string;
  onChange: (def: TEditDefinition) => void;
}): ReactElement {
  const t = useT();
  const [format, setFormat] = useState<TTextFormat>('yaml');
  const [text, setText] = useState(() => toText(props.definition, 'yaml'));
  const [problem, setProblem] = useState<string | null>(null);
  /** The definition this text produced last: when the props come back with it, the text stays as typed. */
  const ours = useRef<TEditDefinition | null>(null);
  useEffect(() => {
    if (props.definition === ours.current) return;
    setText(toText(props.definition, format));
    setProblem(null);
  }, [props.definition, format]);

  return (
    <section className="text-view" aria-labelledby="text-view-title">
      <div className="text-view__bar">
        <h2 id="text-view-title">{t('sequenceEditor.definitionAsText')}</h2>
        <div role="group" aria-label={t('sequenceEditor.textFormat')}>
          {(['yaml', 'json'] as const).map((f) => (
            <button
              key={f}
              type="button"
              className={`button ${format === f ? '' : 'button--secondary'}`}
              aria-pressed={format === f}
              onClick={() => {
                ours.current = null;
                setFormat(f);
              }}
            >
              {f.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      <p className="hint" id="text-view-hint">
        {t('sequenceEditor.editsHereUpdateThe', { value: format.toUpperCase(), sequenceKey: props.sequenceKey })}
      </p>
      <textarea
        className="text-view__text"
        aria-label={t('sequenceEditor.definition', { value: format.toUpperCase() })}
        aria-describedby={problem ? 'text-view-hint text-view-problem' : 'text-view-hint'}
        aria-invalid={problem ? true : undefined}
        spellCheck={false}
        rows={28}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseText(t, e.target.value, format);
          if (!parsed.ok) {
            setProblem(parsed.message);
            return;
          }
          setProblem(null);
          const next = { ...parsed.value, key: props.sequenceKey };
          ours.current = next;
          props.onChange(next);
        }}
      />
      {problem ? (
        <p className="error" id="text-view-problem" role="status">
          {t('sequenceEditor.notAppliedYet', { problem })}
        </p>
      ) : null}
    </section>
  );
}
