import { useEffect, useRef, type ReactElement } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { PATHS } from '../../app/access';
import { usePageTitle } from '../../components/PageTitle';
import { useSession } from './session';

/** Shown in place of any page once the server says the session is over (any 401 on a data request). */
export function ExpiredScreen(props: { message: string }): ReactElement {
  usePageTitle('Session expired');
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
        <span className="brand">Nurture console</span>
        <h1 ref={heading} tabIndex={-1}>
          Your session has expired
        </h1>
        <div role="alert">
          <p>You have been signed out: a session ends after a while without use, and some days after signing in.</p>
          {/expired/i.test(props.message) ? null : <p>The server said: {props.message}</p>}
        </div>
        <p className="muted">What you saved is kept. Sign in again to carry on where you were.</p>
        <button type="button" className="button" onClick={signInAgain}>
          Sign in again
        </button>
      </main>
    </div>
  );
}
