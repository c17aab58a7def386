import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../components/PageTitle';
import { useUser } from '../features/auth/session';
import { homeFor } from './access';

export function NotFound(): ReactElement {
  usePageTitle('Page not found');
  const user = useUser();
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <Link to={homeFor(user.role)}>Go to your start page</Link>
    </>
  );
}

export function NotAllowed(): ReactElement {
  usePageTitle('Not available');
  const user = useUser();
  return (
    <>
      <h1>Not available to your role</h1>
      <p>This page is for other roles; a {user.role.toLowerCase()} user cannot use it. Ask an admin if you need it.</p>
      <Link to={homeFor(user.role)}>Go to your start page</Link>
    </>
  );
}
