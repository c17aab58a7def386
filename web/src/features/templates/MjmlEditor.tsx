/**
 * The MJML editor: CodeMirror 6 with XML highlighting, history, bracket matching, and the
 * template's `{{variables}}` marked (known ones tinted, unknown ones underlined in red). Loaded
 * with React.lazy, so CodeMirror stays in its own chunk, fetched only by the template studio.
 * Tab is left to the browser (moves focus), so the editor never traps keyboard users; indent
 * with the editor's own Ctrl-] / Ctrl-[.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  drawSelection,
  keymap,
  lineNumbers,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { xml } from '@codemirror/lang-xml';
import { tags } from '@lezer/highlight';

const setKnown = StateEffect.define<readonly string[]>();
const knownField = StateField.define<ReadonlySet<string>>({
  create: () => new Set(),
  update: (value, tr) => {
    for (const e of tr.effects) if (e.is(setKnown)) return new Set(e.value);
    return value;
  },
});

const knownMark = Decoration.mark({ class: 'cm-template-var' });
const unknownMark = Decoration.mark({ class: 'cm-template-var cm-template-var--unknown', attributes: { title: 'Unknown variable' } });
const variables = new MatchDecorator({
  regexp: /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g,
  decoration: (match, view) => (view.state.field(knownField).has(match[1] ?? '') ? knownMark : unknownMark),
});
const variableMarks = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = variables.createDeco(view);
    }
    update(update: ViewUpdate) {
      const knownChanged = update.transactions.some((t) => t.effects.some((e) => e.is(setKnown)));
      this.decorations = knownChanged ? variables.createDeco(update.view) : variables.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Token colours with at least 4.5:1 contrast on white and on the variable tints (CodeMirror's default style has less). */
const mjmlHighlight = HighlightStyle.define([
  { tag: [tags.tagName, tags.angleBracket], color: '#1e3a8a' },
  { tag: tags.attributeName, color: '#7c2d12' },
  { tag: [tags.attributeValue, tags.string], color: '#14532d' },
  { tag: tags.comment, color: '#374151', fontStyle: 'italic' },
  { tag: [tags.processingInstruction, tags.documentMeta], color: '#581c87' },
  { tag: tags.invalid, color: '#991b1b' },
]);

const theme = EditorView.theme({
  '&': { border: '1px solid var(--line)', borderRadius: 'var(--radius)', background: 'var(--paper)', fontSize: '14px' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  // No inner scrolling: the editor grows with its text and lines wrap, so there is no scrollable
  // region a keyboard could not reach (axe's scrollable-region-focusable); the page scrolls instead.
  '.cm-scroller': { minHeight: '22rem', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { background: 'var(--canvas)', color: '#4b5563', borderRight: '1px solid var(--line-soft)' },
  '.cm-template-var': { background: '#dbeafe', borderRadius: '3px' },
  '.cm-template-var--unknown': { background: '#fef2f2', textDecoration: 'underline wavy #b91c1c' },
});

export type TMjmlEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** The variables a template may use (the others are marked unknown). */
  known: readonly string[];
  /** The id of the visible label, and of the problems and hint (aria-describedby). */
  labelledBy: string;
  describedBy?: string | undefined;
  invalid?: boolean;
};

export default function MjmlEditor(props: TMjmlEditorProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          bracketMatching(),
          xml(),
          syntaxHighlighting(mjmlHighlight),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          knownField,
          variableMarks,
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once (with the first value); later values are applied below.
  }, []);

  // Loading another version or variant replaces the text (typing never reaches here: the doc already has it).
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== props.value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setKnown.of(props.known) });
  }, [props.known]);

  // The editable element is the textbox screen readers meet: name and describe it there.
  useEffect(() => {
    const content = view.current?.contentDOM;
    if (!content) return;
    content.setAttribute('aria-labelledby', props.labelledBy);
    content.setAttribute('aria-multiline', 'true');
    if (props.describedBy) content.setAttribute('aria-describedby', props.describedBy);
    else content.removeAttribute('aria-describedby');
    if (props.invalid) content.setAttribute('aria-invalid', 'true');
    else content.removeAttribute('aria-invalid');
  }, [props.labelledBy, props.describedBy, props.invalid]);

  return <div ref={host} className="mjml-editor" />;
}
