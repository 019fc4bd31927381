/**
 * Every internal link goes through `href`, so the book works when it is served from a
 * sub-folder (BASE_PATH=/nn/ at build time) as well as from the root.
 */
const base = import.meta.env.BASE_URL.replace(/\/$/, '');

export function href(path: string): string {
  if (/^[a-z]+:/i.test(path) || path.startsWith('#')) return path;
  const clean = path.startsWith('/') ? path : `/${path}`;
  return `${base}${clean}`;
}

export function chapterHref(id: string, hash = ''): string {
  return href(`/chapters/${id}/${hash}`);
}
