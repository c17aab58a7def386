import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { homeFor, safeNext } from '../../app/access';
import { useSession } from './session';
import { useT, type TT } from '../../lib/i18n';

type TErrors = { email?: string; password?: string };

function validate(t: TT, email: string, password: string): TErrors {
  const errors: TErrors = {};
  if (!email.trim()) errors.email = t('auth.enterEmail');
  else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) errors.email = t('auth.emailLike');
  if (!password) errors.password = t('auth.enterPassword');
  return errors;
}

export default function SignInPage(): ReactElement {
  const t = useT();
  usePageTitle(t('auth.signInTitle'));
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<TErrors>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const login = useMutation({
    mutationFn: () => data(api.POST('/auth/login', { body: { email: email.trim(), password } })),
    onSuccess: (session) => {
      signedIn(session);
      void navigate(safeNext(params.get('next')) ?? homeFor(session.user.role), { replace: true });
    },
    onError: () => {
      setPassword('');
      passwordRef.current?.focus();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(t, email, password);
    setErrors(found);
    if (found.email) emailRef.current?.focus();
    else if (found.password) passwordRef.current?.focus();
    else login.mutate();
  };

  const failure = login.error;
  const rateLimited = failure instanceof ApiError && failure.code === 'RATE_LIMITED';

  return (
    <div className="center-page">
      <main id="main" className="center-card" tabIndex={-1}>
        <span className="brand">{t('brandConsole')}</span>
        <h1>{t('auth.signInTitle')}</h1>
        {params.get('signedOut') ? (
          <p className="success" role="status">
            {t('auth.signedOut')}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <Field label={t('auth.email')} error={errors.email}>
            {(control) => (
              <input
                {...control}
                ref={emailRef}
                type="email"
                name="email"
                autoComplete="username"
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('auth.password')} error={errors.password}>
            {(control) => (
              <input
                {...control}
                ref={passwordRef}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          {failure ? (
            <Alert title={rateLimited ? t('auth.tooMany') : undefined}>
              {errorMessage(failure)}
              {failure instanceof ApiError && failure.code === 'UNAUTHENTICATED' ? t('auth.checkBoth') : ''}
            </Alert>
          ) : null}
          <button type="submit" className="button" disabled={login.isPending}>
            {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </form>
      </main>
    </div>
  );
}
