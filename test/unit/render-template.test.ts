import { compileTemplate, renderCompiled, TemplateCache, type TTemplateContext } from '../../lib/mail/render-template';
import { AppError } from '../../lib/errors';

const context = (overrides: Partial<TTemplateContext> = {}): TTemplateContext => ({
  'lead.firstName': 'Արամ',
  'lead.lastName': 'Սարգսյան',
  'lead.fullName': 'Արամ Սարգսյան',
  'lead.company': 'Қазақ Сауда',
  'lead.email': 'aram@example.am',
  'sender.name': 'Nurture',
  unsubscribeUrl: 'https://n.test/u/abc?x=1&y=2',
  ...overrides,
});

const mjml = (body: string) => `<mjml><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`;

async function templateError(source: { subject: string; mjml: string }): Promise<AppError> {
  try {
    await compileTemplate(source);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the template to be rejected');
}

describe('MJML templates', () => {
  it('renders HTML and plain text with Unicode values', async () => {
    const compiled = await compileTemplate({
      subject: 'Բարև, {{ lead.firstName }}',
      mjml: mjml('<mj-text>Hello {{lead.fullName}} of {{lead.company}}</mj-text>'),
    });
    const out = renderCompiled(compiled, context());
    expect(out.subject).toBe('Բարև, Արամ');
    expect(out.html).toContain('Hello Արամ Սարգսյան of Қазақ Сауда');
    expect(out.text).toContain('Hello Արամ Սարգսյան of Қазақ Сауда');
    expect(out.html).toMatch(/^<!doctype html>/i);
  });

  it('escapes lead data in HTML, so a name can never become markup or template code', async () => {
    const compiled = await compileTemplate({ subject: 'Hi {{lead.firstName}}', mjml: mjml('<mj-text>Hi {{lead.firstName}}</mj-text>') });
    const out = renderCompiled(compiled, context({ 'lead.firstName': '<img src=x onerror=alert(1)> {{unsubscribeUrl}}' }));
    expect(out.html).toContain('&lt;img src=x onerror=alert(1)&gt; {{unsubscribeUrl}}');
    expect(out.html).not.toContain('<img src=x');
    // Values are filled once, after compilation: a placeholder inside a value stays literal text.
    expect(out.html).not.toContain('https://n.test/u/abc');
  });

  it('keeps line breaks out of the subject (no header injection)', async () => {
    const compiled = await compileTemplate({ subject: 'Hi {{lead.firstName}}', mjml: mjml('<mj-text>x</mj-text>') });
    expect(renderCompiled(compiled, context({ 'lead.firstName': 'A\r\nBcc: victim@example.com' })).subject).toBe(
      'Hi A Bcc: victim@example.com',
    );
  });

  it('escapes URLs placed in attributes', async () => {
    const compiled = await compileTemplate({ subject: 's', mjml: mjml('<mj-button href="{{unsubscribeUrl}}">Unsubscribe</mj-button>') });
    expect(renderCompiled(compiled, context()).html).toContain('href="https://n.test/u/abc?x=1&amp;y=2"');
  });

  it('rejects an unknown variable at compile time, naming it and the known ones', async () => {
    const error = await templateError({ subject: 'Hi {{lead.nickname}}', mjml: mjml('<mj-text>{{ lead.ssn }}</mj-text>') });
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.details).toEqual([
      expect.stringMatching(/^unknown variable \{\{lead\.nickname\}\} \(known: lead\.firstName, /),
      expect.stringMatching(/^unknown variable \{\{lead\.ssn\}\}/),
    ]);
  });

  it('rejects mj-include: templates cannot read files', async () => {
    const error = await templateError({ subject: 's', mjml: '<mjml><mj-body><mj-include path="/etc/passwd" /></mj-body></mjml>' });
    expect(error.details).toEqual(['mjml: <mj-include> is not allowed (templates are self-contained)']);
  });

  it('reports invalid MJML with its line', async () => {
    const error = await templateError({ subject: 's', mjml: '<mjml><mj-body><mj-text>not in a column</mj-text></mj-body></mjml>' });
    expect(error.details).toEqual([expect.stringMatching(/^mjml: Line 1 .*mj-text cannot be used inside mj-body/)]);
  });

  it('compiles each template version once, however many emails it renders', async () => {
    const cache = new TemplateCache();
    const source = { subject: 's {{lead.firstName}}', mjml: mjml('<mj-text>{{lead.firstName}}</mj-text>') };
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('template-v1', source)));
    expect(cache.compilations).toBe(1);
    expect(new Set(results).size).toBe(1);
    await cache.get('template-v2', source);
    expect(cache.compilations).toBe(2);
  });
});
