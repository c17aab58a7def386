import { useEffect } from 'react';

/** Sets the document title: "<page> · Nurture console" (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Nurture console`;
  }, [title]);
}
