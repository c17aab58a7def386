/**
 * Issue 16: the console's words come from the catalogue (locales/<locale>.json, `console.*`, via
 * useT()/<T k=…/>), never from the markup. This check parses every .tsx file under
 * web/src/features and web/src/components and fails on a JSX text node with letters, or a
 * user-visible attribute (aria-label, title, placeholder, alt, and the console's own label-like
 * props) given a literal with letters, directly or as a branch of ?:, && or ||.
 */
import ts from 'typescript';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const WEB = join(__dirname, '../../web/src');
const ROOTS = ['features', 'components'].map((d) => join(WEB, d));

/** Attributes a person reads or hears (screen readers read aria-*). */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  // The console's components that render these as text.
  'label',
  'hint',
  'legend',
  'what',
  'heading',
  'caption',
  'description',
  'emptyText',
  'note',
  'keyLabel',
  'data-label',
]);

/**
 * The few literals that are not words to translate, as `file text` (no line: edits above do not
 * break it). Keep it short; a word a person reads belongs in locales/en.json.
 */
const ALLOWED = new Set<string>([]);

const hasLetters = (s: string) => /\p{L}/u.test(s);

const tsxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );

/** The string literals an expression can evaluate to as-is: 'x', `x`, c ? 'a' : 'b', a || 'b', c && 'a'. */
function literalBranches(e: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(e)) return literalBranches(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e];
  if (ts.isTemplateExpression(e)) return [e.head, ...e.templateSpans.map((s) => s.literal)];
  if (ts.isConditionalExpression(e)) return [...literalBranches(e.whenTrue), ...literalBranches(e.whenFalse)];
  if (
    ts.isBinaryExpression(e) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)
  )
    return [...literalBranches(e.left), ...literalBranches(e.right)];
  return [];
}

const textOf = (n: ts.Node) =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ts.isTemplateLiteralToken(n) ? n.text : n.getText();

/** Each hard-coded string of one .tsx source, as `file:line text`. */
function hardCodedStrings(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const words = text.trim().replace(/\s+/g, ' ');
    if (!ALLOWED.has(`${relative(WEB, file)} ${words}`)) found.push(`${relative(WEB, file)}:${line} ${words}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasLetters(node.text)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)))
      for (const lit of literalBranches(node.expression)) if (hasLetters(textOf(lit))) report(lit, textOf(lit));
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const lits = ts.isStringLiteral(init) ? [init] : ts.isJsxExpression(init) && init.expression ? literalBranches(init.expression) : [];
      for (const lit of lits) if (hasLetters(textOf(lit))) report(lit, `${node.name.getText(source)}=${textOf(lit)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the console's words come from the catalogue", () => {
  it('finds text nodes, visible attributes and literal branches, and leaves code and keys alone', () => {
    const sample = [
      'export const A = (p: { busy: boolean }) => (',
      '  <form aria-label="Add a lead" className="data-form">',
      "    <p>Saved</p> {p.busy ? 'Saving…' : t('x.save')}",
      "    <Field label={t('x.name')} hint={`Up to ${64} letters`}>…</Field>",
      '    <input type="text" placeholder="name@example.com" /> · {42}',
      '  </form>',
      ');',
    ].join('\n');
    // Why: a checker that finds nothing would pass forever; it must see each kind of literal.
    expect(hardCodedStrings(join(WEB, 'features/sample.tsx'), sample)).toEqual([
      'features/sample.tsx:2 aria-label=Add a lead',
      'features/sample.tsx:3 Saved',
      'features/sample.tsx:3 Saving…',
      'features/sample.tsx:4 hint=Up to',
      'features/sample.tsx:4 hint= letters',
      'features/sample.tsx:5 placeholder=name@example.com',
    ]);
  });

  it('no .tsx file under features/ or components/ has a hard-coded text node or visible attribute', () => {
    const files = ROOTS.flatMap(tsxFiles);
    expect(files.length).toBeGreaterThan(30);
    // Each entry is file:line and the literal: move it to locales/en.json (console.<area>.*) and use t().
    expect(files.flatMap((file) => hardCodedStrings(file))).toEqual([]);
  });
});
