import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZProductInput, ZSku } from '@domain/catalogue/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TOk } from '../../api/types';
import { canConfigure } from '../../app/access';
import { useUser } from '../auth/session';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import '../../components/config-pages.css';
import { useT } from '../../lib/i18n';

type TProduct = TOk<'/products', 'get'>['items'][number];
type TForm = { sku: string; name: string; category: string; tier: string; price: string; related: string; url: string; active: boolean };
type TErrors = Partial<Record<keyof TForm, string>>;

const EMPTY: TForm = { sku: '', name: '', category: '', tier: '1', price: '', related: '', url: '', active: true };
const toForm = (p: TProduct): TForm => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  tier: String(p.tier),
  price: (p.priceCents / 100).toFixed(2),
  related: p.related.join(', '),
  url: p.url ?? '',
  active: p.active,
});
/** "49.90" or "49,90" → 4990 cents; NaN for anything else (the schema then says so). */
const cents = (price: string): number => {
  const t = price.trim().replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
};
const price = (c: number) => (c / 100).toFixed(2);

/** The catalogue cross-sell and up-sell offer from: list, add, edit (marketing and admin). */
export default function CataloguePage(): ReactElement {
  const t = useT();
  usePageTitle(t('catalogue.products'));
  const user = useUser();
  const editable = canConfigure(user);
  const products = useQuery({ queryKey: ['products'], queryFn: () => data(api.GET('/products')) });
  const [editing, setEditing] = useState<TProduct | 'new' | null>(null);
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('catalogue.products')}</h1>
          <p className="subtitle">{t('catalogue.oneCategoryHoldsAlternatives')}</p>
        </div>
        {editable && editing === null ? (
          <button type="button" className="button" onClick={() => (setEditing('new'), setResult(undefined))}>
            {t('catalogue.addAProduct')}
          </button>
        ) : null}
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result ? <Success>{result}</Success> : null}
      </div>
      {editable && editing !== null ? (
        <ProductForm
          key={editing === 'new' ? 'new' : editing.sku}
          product={editing === 'new' ? undefined : editing}
          existing={products.data?.items.map((p) => p.sku) ?? []}
          onDone={(message) => {
            setEditing(null);
            if (message) {
              setResult(message);
              requestAnimationFrame(() => resultRef.current?.focus());
            }
          }}
        />
      ) : null}
      {products.isPending ? <Loading label={t('catalogue.loadingProducts')} /> : null}
      {products.isError ? (
        <QueryError error={products.error} what={t('catalogue.products2')} retry={() => void products.refetch()} />
      ) : null}
      {products.data && products.data.items.length === 0 ? <p className="panel">{t('catalogue.theCatalogueIsEmpty')}</p> : null}
      {products.data && products.data.items.length > 0 ? (
        <TableWrap label={t('catalogue.products')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('catalogue.sku')}</th>
                <th scope="col">{t('catalogue.name')}</th>
                <th scope="col">{t('catalogue.category')}</th>
                <th scope="col">{t('catalogue.tier')}</th>
                <th scope="col">{t('catalogue.price')}</th>
                <th scope="col">{t('catalogue.related')}</th>
                <th scope="col">{t('catalogue.active')}</th>
                {editable ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('catalogue.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {products.data.items.map((p) => (
                <tr key={p.sku}>
                  <td>
                    <code>{p.sku}</code>
                  </td>
                  <td>{p.url ? <a href={p.url}>{p.name}</a> : p.name}</td>
                  <td>{p.category}</td>
                  <td>{p.tier}</td>
                  <td>{price(p.priceCents)}</td>
                  <td>{p.related.length ? p.related.join(', ') : <span className="muted">—</span>}</td>
                  <td>{p.active ? t('catalogue.yes') : t('catalogue.no')}</td>
                  {editable ? (
                    <td className="actions">
                      <button type="button" className="button button--secondary" onClick={() => (setEditing(p), setResult(undefined))}>
                        {t('catalogue.edit')}
                        <span className="visually-hidden">{p.sku}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

function ProductForm(props: {
  product: TProduct | undefined;
  existing: readonly string[];
  onDone: (message?: string) => void;
}): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TForm>(props.product ? toForm(props.product) : EMPTY);
  const [errors, setErrors] = useState<TErrors>({});
  const save = useMutation({
    mutationFn: ({ sku, body }: { sku: string; body: ReturnType<typeof ZProductInput.parse> }) =>
      data(api.PUT('/products/{sku}', { params: { path: { sku } }, body })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      props.onDone(t(props.product ? 'catalogue.saved' : 'catalogue.added', { sku: saved.sku }));
    },
  });
  const set = (patch: Partial<TForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: TErrors = {};
    const sku = ZSku.safeParse({ sku: form.sku.trim() });
    if (!sku.success) found.sku = sku.error.issues[0]?.message;
    else if (!props.product && props.existing.includes(sku.data.sku)) found.sku = t('catalogue.exists', { sku: sku.data.sku });
    const parsed = ZProductInput.safeParse({
      name: form.name,
      category: form.category,
      tier: Number(form.tier),
      priceCents: cents(form.price),
      related: form.related
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(form.url.trim() ? { url: form.url.trim() } : {}),
      active: form.active,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'priceCents' ? 'price' : (String(issue.path[0]) as keyof TForm);
        found[field] ??= field === 'price' ? 'must be an amount like 49.90' : issue.message;
      }
    }
    setErrors(found);
    if (Object.keys(found).length || !parsed.success || !sku.success) return;
    save.mutate({ sku: sku.data.sku, body: parsed.data });
  };
  const server = save.error instanceof ApiError ? save.error : undefined;
  const err = (f: keyof TForm) => errors[f] ?? server?.issueFor(f === 'price' ? 'priceCents' : f);

  return (
    <section className="panel" aria-labelledby="product-form-title">
      <h2 id="product-form-title">{props.product ? t('catalogue.edit2', { sku: props.product.sku }) : t('catalogue.addAProduct')}</h2>
      <form className="data-form" onSubmit={submit} noValidate aria-labelledby="product-form-title">
        <div className="rule-row">
          <Field label={t('catalogue.sku')} hint={t('catalogue.eGCrmPro')} error={err('sku')}>
            {(c) => <input {...c} type="text" value={form.sku} readOnly={!!props.product} onChange={(e) => set({ sku: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.name')} error={err('name')}>
            {(c) => <input {...c} type="text" value={form.name} onChange={(e) => set({ name: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.category')} error={err('category')}>
            {(c) => <input {...c} type="text" value={form.category} onChange={(e) => set({ category: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.tier')} hint={t('catalogue.n1EntryHigherIs')} error={err('tier')}>
            {(c) => <input {...c} type="number" min={1} max={100} value={form.tier} onChange={(e) => set({ tier: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.price')} hint={t('catalogue.eG4990')} error={err('price')}>
            {(c) => <input {...c} type="text" inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.relatedSkus')} hint={t('catalogue.commaSeparatedCrossSold')} error={err('related')}>
            {(c) => <input {...c} type="text" value={form.related} onChange={(e) => set({ related: e.target.value })} />}
          </Field>
          <Field label={t('catalogue.pageUrlOptional')} error={err('url')}>
            {(c) => <input {...c} type="text" inputMode="url" value={form.url} onChange={(e) => set({ url: e.target.value })} />}
          </Field>
        </div>
        <div className="checkbox-row">
          <label>
            <input type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
            {t('catalogue.activeMayBeOffered')}
          </label>
        </div>
        {save.isError ? <Alert>{errorMessage(save.error)}</Alert> : null}
        <div className="button-row spaced">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t('catalogue.saving') : props.product ? t('catalogue.saveProduct') : t('catalogue.addProduct')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onDone()}>
            {t('catalogue.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
