/**
 * CSV import with column mapping, without a database: reading the file (encoding, delimiter,
 * records), guessing columns and values, resolving a mapping, mapping rows into leads with
 * errors and warnings, and the preview the import wizard shows.
 */
import { decodeCsvBytes, decodeImportFile, detectDelimiter, readCsvTable } from '../../domain/imports/csv-file';
import { suggestColumnFields, suggestFieldValue } from '../../domain/imports/guess-columns';
import { attributeNameOf, createRowMapper, parseMoneyToCents, resolveMapping } from '../../domain/imports/map-lead-row';
import { ZImportMapping, type TImportMapping } from '../../domain/imports/mapping-schemas';
import { previewLeadImport } from '../../domain/imports/preview-lead-import';
import { isAppError } from '../../lib/errors';

const cp1252 = (text: string) =>
  Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      if (code > 0xff) throw new Error(`not in the test encoder: ${c}`);
      return code;
    }),
  );
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** The AppError a function throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('reading the file', () => {
  it('detects UTF-8 with and without BOM, UTF-16 with a BOM (both byte orders) or without, and falls back to Windows-1252', () => {
    const text = 'email,firstName\nmuller@example.de,Jürgen Müßig-Éva\n';
    expect(decodeCsvBytes(Buffer.from(text))).toEqual({ text, encoding: 'utf-8', bom: false });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      text,
      encoding: 'utf-8',
      bom: true,
    });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({
      text,
      encoding: 'utf-16le',
      bom: true,
    });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]))).toEqual({ text, encoding: 'utf-16be', bom: true });
    expect(decodeCsvBytes(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'utf-16le', bom: false });
    // Ä, é and ß are one byte each in Windows-1252 (and invalid UTF-8); so are €, curly quotes and
    // dashes, at 0x80–0x9F, where Latin-1 has control characters (and Node's own decoder loses them).
    const latin = 'Name;Email\nÄnne Höß;anne@example.de\n“José” – €;jose@example.es\n';
    const bytes = cp1252(latin.replace('“', '\x93').replace('”', '\x94').replace('–', '\x96').replace('€', '\x80'));
    expect(decodeCsvBytes(bytes)).toEqual({ text: latin, encoding: 'windows-1252', bom: false });
  });

  it('refuses an empty file and one over the size limit, with clear messages', () => {
    expect(thrown(() => decodeImportFile({ bytes: Buffer.alloc(0) }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/empty/),
    });
    expect(thrown(() => decodeImportFile({ csv: '\uFEFF \r\n' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(thrown(() => decodeImportFile({ bytes: Buffer.alloc(21 * 1024 * 1024, 0x61) }))).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/^The file is larger than 20 MB \(21\.0 MB\)/),
    });
  });

  it('detects comma, semicolon and tab, counting only delimiters outside quotes', () => {
    expect(detectDelimiter('email,firstName\na@x.fi,A\n')).toBe(',');
    // Semicolon files often have decimal commas: the header and the consistent count decide.
    expect(detectDelimiter('Sähköposti;Etunimi;Hinta\na@x.fi;Aino;12,50\nb@x.fi;Bo;3,00\n')).toBe(';');
    expect(detectDelimiter('email\tfirstName\tcompany\na@x.fi\tA\t"Oy, Ab"\n')).toBe('\t');
    expect(detectDelimiter('"last, first";email\n"Doe, J";j@x.fi\n')).toBe(';');
    expect(detectDelimiter('email\na@x.fi\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });

  it('reads CRLF line ends, quoted fields with delimiters, quotes and newlines, skips blank lines and trims', () => {
    const table = readCsvTable('\uFEFFemail;note\r\na@x.fi; "multi\r\nline; with ""quotes""" \r\n\r\nb@x.fi;plain\r\n');
    expect(table).toEqual({
      delimiter: ';',
      headers: ['email', 'note'],
      rows: [
        ['a@x.fi', 'multi\r\nline; with "quotes"'],
        ['b@x.fi', 'plain'],
      ],
    });
    expect(thrown(() => readCsvTable('a,"b\n'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^The CSV cannot be read/),
    });
  });
});

describe('guessing columns', () => {
  it('knows header names in English and the seed languages, ignoring case, accents and punctuation', () => {
    expect(
      suggestColumnFields(['E-mail', 'First name', 'Surname', 'Company', 'Phone', 'Lead source', 'Time frame', 'Industry'], []),
    ).toEqual(['email', 'firstName', 'lastName', 'company', 'phone', 'source', 'purchaseTimeframe', null]);
    expect(suggestColumnFields(['Sähköposti', 'Etunimi', 'Sukunimi', 'Yritys', 'Puhelin', 'Lähde', 'Kieli'], [])).toEqual([
      'email',
      'firstName',
      'lastName',
      'company',
      'phone',
      'source',
      'locale',
    ]);
    expect(suggestColumnFields(['Էլ. փոստ', 'Անուն', 'Ազգանուն', 'Հեռախոս'], [])).toEqual(['email', 'firstName', 'lastName', 'phone']);
    expect(suggestColumnFields(['Электронная почта', 'Имя', 'Фамилия', 'Компания', 'Телефон', 'Источник'], [])).toEqual([
      'email',
      'firstName',
      'lastName',
      'company',
      'phone',
      'source',
    ]);
    expect(suggestColumnFields(['EMAIL_ADDRESS', 'first-name'], [])).toEqual(['email', 'firstName']);
  });

  it('takes a weak name ("Name") only when no column names the field exactly, and each field once', () => {
    expect(suggestColumnFields(['Name', 'Email'], [])).toEqual(['firstName', 'email']);
    expect(suggestColumnFields(['Name', 'First name', 'Email', 'E-mail'], [])).toEqual([null, 'firstName', 'email', null]);
  });

  it('sniffs content: a column of addresses is the email (then the owner email), of phone numbers the phone, of timeframes the timeframe', () => {
    const headers = ['Yhteystieto', 'Etunimi', 'Numero?', 'Milloin', 'Myyjä', 'Muistiinpano'];
    const rows = [
      ['aino@example.fi', 'Aino', '+358 40 123 4567', '6 months', 'olli@nurture.test', 'met at the fair'],
      ['bo@example.se', 'Bo', '+46 70 123 45 67', 'asap', 'olli@nurture.test', ''],
      ['cy@example.am', 'Cy', '+374 10 123456', 'not now', 'mia@nurture.test', 'call back'],
    ];
    expect(suggestColumnFields(headers, rows)).toEqual(['email', 'firstName', 'phone', 'purchaseTimeframe', 'ownerEmail', null]);
    // A second column of addresses, after the email: the owner's.
    expect(suggestColumnFields(['Email', 'Yhteys'], [['a@x.fi', 'o@nurture.test']])).toEqual(['email', 'ownerEmail']);
  });
});

describe('guessing values', () => {
  it.each([
    ['purchaseTimeframe', '6 months', 'MONTHS'],
    ['purchaseTimeframe', '3-6 kk', 'MONTHS'],
    ['purchaseTimeframe', 'Within 2 months', 'MONTHS'],
    ['purchaseTimeframe', '18 months', 'NONE'],
    ['purchaseTimeframe', '1 year', 'NONE'],
    ['purchaseTimeframe', '2 weeks', 'NOW'],
    ['purchaseTimeframe', 'immediate', 'NOW'],
    ['purchaseTimeframe', 'Now', 'NOW'],
    ['purchaseTimeframe', 'ASAP', 'NOW'],
    ['purchaseTimeframe', 'heti', 'NOW'],
    ['purchaseTimeframe', 'срочно', 'NOW'],
    ['purchaseTimeframe', 'not interested', 'NONE'],
    ['purchaseTimeframe', 'maybe', null],
    ['source', 'Trade show', 'TRADE_SHOW'],
    ['source', 'TRADE_SHOW', 'TRADE_SHOW'],
    ['source', 'Messe', 'TRADE_SHOW'],
    ['source', 'Messut', 'TRADE_SHOW'],
    ['source', 'выставка', 'TRADE_SHOW'],
    ['source', 'LinkedIn', 'SOCIAL'],
    ['source', 'web-form', 'WEB_FORM'],
    ['source', 'Partner', 'THIRD_PARTY'],
    ['source', 'Carrier pigeon', null],
    ['heat', 'Kuuma', 'HOT'],
    ['heat', 'тёплый', 'WARM'],
    ['heat', 'cold', 'COLD'],
    ['locale', 'Suomi', 'fi'],
    ['locale', 'Armenian', 'hy'],
    ['locale', 'русский', 'ru'],
    ['locale', 'en_GB', 'en-GB'],
    ['locale', 'hy-am', 'hy-AM'],
    ['locale', 'Klingon!', null],
  ] as const)('%s: %j → %j', (field, value, expected) => {
    expect(suggestFieldValue(field, value)).toBe(expected);
  });

  it('reads amounts in currency units in the usual notations', () => {
    expect(['12.50', '12,50', '€12.50', '12,50 €', '1,234.50', '1.234,50', '1 234,50', '7', 'x', '1.2.3'].map(parseMoneyToCents)).toEqual([
      1250,
      1250,
      1250,
      1250,
      123450,
      123450,
      123450,
      700,
      undefined,
      undefined,
    ]);
  });
});

describe('resolving a mapping', () => {
  const headers = ['E-mail', 'Etunimi', 'Lähde', 'Toimiala', 'Отрасль', 'Huom'];
  const rows = [['a@x.fi', 'Aino', 'Messut', 'retail', 'x', '']];
  const resolve = (mapping: TImportMapping) => resolveMapping({ headers, rows, delimiter: ',', mapping });

  it('gives every column a target: the mapping’s, else the suggestion, else a custom attribute named after the header', () => {
    const { mapping, missing } = resolve({ columns: { Huom: 'ignore', Toimiala: 'attribute:industry' } });
    expect(mapping.columns).toEqual([
      { column: 'E-mail', target: 'email' },
      { column: 'Etunimi', target: 'firstName' },
      { column: 'Lähde', target: 'source' },
      { column: 'Toimiala', target: 'attribute:industry' },
      { column: 'Отрасль', target: 'attribute:column_5' },
      { column: 'Huom', target: 'ignore' },
    ]);
    expect(missing).toEqual([]);
    expect(mapping).toMatchObject({ delimiter: ',', values: {}, onInvalidOptional: 'empty_and_warn' });
    expect(attributeNameOf('Lähde 2', 0)).toBe('Lahde_2');
  });

  it('lets a column the caller maps take a field away from the suggestion', () => {
    const { mapping, missing } = resolve({ columns: { Huom: 'email' } });
    expect(mapping.columns.slice(0, 2)).toEqual([
      { column: 'E-mail', target: 'attribute:E_mail' },
      { column: 'Etunimi', target: 'firstName' },
    ]);
    expect(mapping.columns.at(-1)).toEqual({ column: 'Huom', target: 'email' });
    expect(missing).toEqual([]);
    expect(resolve({ columns: { 'E-mail': 'ignore' } }).missing).toEqual(['email']);
  });

  it('refuses columns the file lacks, and two columns in one field, naming them', () => {
    expect(thrown(() => resolve({ columns: { Email: 'email' } }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The mapping does not fit the file',
      details: ['columns."Email": the file has no such column (found: E-mail, Etunimi, Lähde, Toimiala, Отрасль, Huom)'],
    });
    expect(thrown(() => resolve({ columns: { 'E-mail': 'email', Huom: 'email' } })).details).toEqual([
      'columns: "E-mail" and "Huom" both go to email; map one of them to "ignore"',
    ]);
  });

  it('validates the mapping’s shape with zod (what the console’s form uses too)', () => {
    expect(ZImportMapping.safeParse({ columns: { a: 'emial' } }).success).toBe(false);
    expect(ZImportMapping.safeParse({ columns: { a: 'attribute:bad name' } }).success).toBe(false);
    expect(ZImportMapping.safeParse({ values: { source: { Messut: 'FAIR' } } }).success).toBe(false);
    expect(ZImportMapping.safeParse({ values: { email: {} } }).success).toBe(false);
    expect(ZImportMapping.safeParse({ values: { locale: { Suomi: 'fi', '?': null } }, onInvalidOptional: 'fail_row' }).success).toBe(true);
  });
});

describe('mapping rows', () => {
  const headers = ['E-mail', 'Etunimi', 'Lähde', 'Ostoaikataulu', 'Puhelin', 'Kieli', 'Hinta', 'Suostumus pvm'];
  const mapperFor = (mapping: TImportMapping, rows: string[][] = []) =>
    createRowMapper({ mapping: resolveMapping({ headers, rows, delimiter: ';', mapping }).mapping, defaultPhoneRegion: 'FI' });

  it('maps values through the mapping first, then the suggestions; a value mapped to null is left empty silently', () => {
    const map = mapperFor({ columns: { 'Suostumus pvm': 'consentAt' }, values: { source: { 'messut x': 'WEBINAR', '-': null } } });
    expect(map(['Aino@Example.fi', 'Aino', 'Messut X', '6 months', '040 123 4567', 'suomi', '12,50', ''], 2)).toEqual({
      lead: expect.objectContaining({
        email: 'aino@example.fi',
        firstName: 'Aino',
        source: 'WEBINAR',
        purchaseTimeframe: 'MONTHS',
        phone: '040 123 4567',
        locale: 'fi',
        acquisitionCostCents: 1250,
      }),
      email: 'Aino@Example.fi',
      errors: [],
      warnings: [],
    });
    expect(map(['b@x.fi', 'Bo', '-', '', '', '', '', ''], 3).lead).toEqual(expect.not.objectContaining({ source: expect.anything() }));
  });

  it('keeps a row whose optional values cannot be used, leaving each field empty with a warning naming the cell', () => {
    const map = mapperFor({});
    const r = map(['c@x.fi', 'Cy', 'Carrier pigeon', 'maybe', '123', 'Klingon!', 'lots', ''], 4);
    expect(r.errors).toEqual([]);
    expect(r.lead).toEqual({ email: 'c@x.fi', firstName: 'Cy', locale: 'en', timeZone: 'UTC' });
    expect(r.warnings).toEqual([
      {
        row: 4,
        email: 'c@x.fi',
        column: 'Lähde',
        value: 'Carrier pigeon',
        message: expect.stringMatching(
          /^"Carrier pigeon" is not a known source \(map it to one of REFERRAL, .*\); the field was left empty$/,
        ),
      },
      expect.objectContaining({
        column: 'Ostoaikataulu',
        value: 'maybe',
        message: expect.stringContaining('not a known purchase timeframe'),
      }),
      expect.objectContaining({
        column: 'Puhelin',
        value: '123',
        message: 'phone: "123" is not a valid phone number; the field was left empty',
      }),
      expect.objectContaining({
        column: 'Kieli',
        message: expect.stringContaining('(the default "en" applies); the field was left empty'),
      }),
      expect.objectContaining({ column: 'Hinta', message: '"lots" is not an amount (e.g. 12.50); the field was left empty' }),
    ]);
  });

  it('fails a row without an email or first name, or with an invalid email; fail_row fails it on any unusable value', () => {
    const map = mapperFor({});
    expect(map(['not-an-email', 'Dee', '', '', '', '', '', ''], 5)).toEqual({
      lead: undefined,
      email: 'not-an-email',
      errors: [
        { row: 5, email: 'not-an-email', column: 'E-mail', value: 'not-an-email', message: '"not-an-email" is not a valid email address' },
      ],
      warnings: [],
    });
    expect(map(['', '', 'webinar', '', '', '', '', ''], 6).errors).toEqual([
      { row: 6, email: null, column: 'E-mail', value: '', message: 'email is empty: every lead needs one' },
      { row: 6, email: null, column: 'Etunimi', value: '', message: 'firstName is empty: every lead needs one' },
    ]);
    const strict = mapperFor({ onInvalidOptional: 'fail_row' });
    const r = strict(['e@x.fi', 'Eve', 'Carrier pigeon', '', '', '', '', ''], 7);
    expect([r.lead, r.warnings, r.errors.map((e) => e.column)]).toEqual([undefined, [], ['Lähde']]);
  });

  it('drops a consent that cannot be recorded, with a warning, and keeps the lead', () => {
    const map = mapperFor({ columns: { 'Suostumus pvm': 'consentAt', Hinta: 'consentSource' } });
    const future = map(['f@x.fi', 'Fay', '', '', '', '', 'web-form', '2999-01-01'], 8);
    expect(future.lead).toEqual(expect.not.objectContaining({ consent: expect.anything() }));
    expect(future.warnings).toEqual([
      expect.objectContaining({
        column: 'Suostumus pvm',
        value: '2999-01-01',
        message: expect.stringMatching(/^consent\.occurredAt: cannot be in the future.*; no consent was recorded$/),
      }),
    ]);
    const noSource = map(['g@x.fi', 'Gus', '', '', '', '', '', '2026-01-01'], 9);
    expect(noSource.warnings).toEqual([
      expect.objectContaining({ message: 'consent: the row has no consent source; no consent was recorded' }),
    ]);
  });
});

describe('previewing a file', () => {
  it('reads a Windows-1252 semicolon file and suggests the mapping, value mappings and a dry run', () => {
    const file = cp1252(
      [
        'Sähköposti;Etunimi;Sukunimi;Lähde;Ostoaikataulu;Toimiala',
        'jurgen@example.de;Jürgen;Müßig;Messe;6 months;Maschinenbau',
        'eva@example.fr;Éva;Öberg;Messe;asap;Retail',
        'bad-email;Bo;Ärlig;Carrier pigeon;;',
      ].join('\r\n'),
    );
    const preview = previewLeadImport({ defaultPhoneRegion: undefined }, { bytes: file });
    expect(preview).toMatchObject({
      encoding: 'windows-1252',
      bom: false,
      delimiter: ';',
      headers: ['Sähköposti', 'Etunimi', 'Sukunimi', 'Lähde', 'Ostoaikataulu', 'Toimiala'],
      rowCount: 3,
      suggestedMapping: {
        Sähköposti: 'email',
        Etunimi: 'firstName',
        Sukunimi: 'lastName',
        Lähde: 'source',
        Ostoaikataulu: 'purchaseTimeframe',
        Toimiala: null,
      },
      missing: [],
      enumColumns: {
        Lähde: {
          field: 'source',
          distinctCount: 2,
          distinctValues: [
            { value: 'Messe', count: 2, suggested: 'TRADE_SHOW' },
            { value: 'Carrier pigeon', count: 1, suggested: null },
          ],
        },
        Ostoaikataulu: { field: 'purchaseTimeframe', distinctCount: 2 },
      },
      check: { rows: 3, errors: 1, warnings: 1 },
    });
    expect(preview.rows[0]).toEqual(['jurgen@example.de', 'Jürgen', 'Müßig', 'Messe', '6 months', 'Maschinenbau']);
    expect(preview.mapping.columns.at(-1)).toEqual({ column: 'Toimiala', target: 'attribute:Toimiala' });
    expect(preview.check.issues.map((i) => [i.row, i.kind, i.column])).toEqual([
      [4, 'error', 'Sähköposti'],
      [4, 'warning', 'Lähde'],
    ]);
  });

  it('previews a file without an email column, naming what is missing, and applies a mapping sent along', () => {
    const csv = 'Nimi,Puhelin,Tapahtuma\nAino,+358401234567,Messut\n';
    const plain = previewLeadImport({}, { csv });
    expect([plain.missing, plain.check.rows]).toEqual([['email'], 0]);
    const mapped = previewLeadImport({}, { csv, mapping: { columns: { Tapahtuma: 'source' }, values: { source: { messut: 'WEBINAR' } } } });
    expect(mapped.enumColumns).toEqual({
      Tapahtuma: { field: 'source', distinctCount: 1, distinctValues: [{ value: 'Messut', count: 1, suggested: 'WEBINAR' }] },
    });
  });
});
