import { useEffect } from 'react';
import { useT } from '../lib/i18n';

/** Sets the document title: "<page> · Nurture console" (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  const t = useT();
  const full = t('shell.pageTitle', { title });
  useEffect(() => {
    document.title = full;
  }, [full]);
}
