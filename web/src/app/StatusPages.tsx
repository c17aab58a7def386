import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../components/PageTitle';
import { useUser } from '../features/auth/session';
import { homeFor } from './access';
import { useT } from '../lib/i18n';

export function NotFound(): ReactElement {
  const t = useT();
  usePageTitle(t('status.notFoundTitle'));
  const user = useUser();
  return (
    <>
      <h1>{t('status.notFoundTitle')}</h1>
      <p>{t('status.notFoundBody')}</p>
      <Link to={homeFor(user.role)}>{t('status.home')}</Link>
    </>
  );
}

export function NotAllowed(): ReactElement {
  const t = useT();
  usePageTitle(t('status.notAllowedTitle'));
  const user = useUser();
  return (
    <>
      <h1>{t('status.notAllowedHeading')}</h1>
      <p>{t('status.notAllowedBody', { role: t(`role.${user.role}`) })}</p>
      <Link to={homeFor(user.role)}>{t('status.home')}</Link>
    </>
  );
}
