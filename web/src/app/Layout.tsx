import { Suspense, useEffect, useRef, type ReactElement } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession, useUser } from '../features/auth/session';
import { Loading } from '../components/Messages';
import { navFor, type TNavItem } from './access';
import { useT, type TT } from '../lib/i18n';

/** A nav item's label from the catalogue (console.nav.<last path segment>), else the label it was given. */
const navLabel = (t: TT, item: TNavItem) => {
  const key = `nav.${item.to.split('/').pop() ?? ''}`;
  return t.translator.has(`console.${key}`) ? t(key) : item.label;
};

/** The signed-in frame: skip link, header (brand, role-aware navigation, who is signed in), main. */
export function Layout(): ReactElement {
  const t = useT();
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);

  // After a navigation inside the console, focus moves to the new page (a screen reader then reads
  // it from the top); on a fresh load it stays at the start of the document (the skip link first).
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  // The app then shows the sign-in page, saying "You have signed out".
  const onSignOut = () => signOut();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/" className="brand">
            {t('brand')}
          </NavLink>
          <nav className="main-nav" aria-label={t('shell.mainNav')}>
            <ul>
              {navFor(user.role).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{navLabel(t, item)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="user-box">
            <span>
              <span className="visually-hidden">{t('shell.signedInAs')}</span>
              <strong>{user.name}</strong> <span className="role">{t(`role.${user.role}`)}</span>
            </span>
            <button type="button" className="button button--secondary" onClick={() => void onSignOut()}>
              {t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading label={t('shell.loadingPage')} />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
