import { useEffect, useRef, type ReactElement } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PATHS } from '../../app/access';
import { usePageTitle } from '../../components/PageTitle';
import { useSession } from './session';
import { useT } from '../../lib/i18n';

/** Shown in place of any page once the server says the session is over (any 401 on a data request). */
export function ExpiredScreen(props: { message: string }): ReactElement {
  const t = useT();
  usePageTitle(t('auth.expiredTitle'));
  const { acknowledgeExpiry } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const signInAgain = () => {
    const here = `${location.pathname}${location.search}`;
    acknowledgeExpiry();
    void navigate(`${PATHS.signIn}?next=${encodeURIComponent(here)}`, { replace: true });
  };

  return (
    <div className="center-page">
      <main id="main" className="center-card">
        <span className="brand">{t('brandConsole')}</span>
        <h1 ref={heading} tabIndex={-1}>
          {t('auth.expiredHeading')}
        </h1>
        <div role="alert">
          <p>{t('auth.expiredBody')}</p>
          {/expired/i.test(props.message) ? null : <p>{t('auth.serverSaid', { message: props.message })}</p>}
        </div>
        <p className="muted">{t('auth.expiredKept')}</p>
        <button type="button" className="button" onClick={signInAgain}>
          {t('auth.signInAgain')}
        </button>
      </main>
    </div>
  );
}
