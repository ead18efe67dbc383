import type { TaskPage } from './task-read-model';
import type { ServedTask } from './task-resource';
import { canonicalQuery, type TaskSearch } from './task-search.params';

/** FHIR media type of search results and tasks. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** A FHIR R4 `Bundle` of type `searchset`. */
export interface SearchBundle {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: Array<{ relation: 'self' | 'first' | 'previous' | 'next' | 'last'; url: string }>;
  entry: Array<{ fullUrl: string; resource: ServedTask; search: { mode: 'match' } }>;
}

/**
 * The searchset Bundle of one page: `total` counts every match; `self`, `first` and `last`
 * are always there, `previous` and `next` when such a page exists. Links carry the search in
 * canonical form, so following `next` repeats exactly the same filters.
 * @param base absolute URL of the server root, e.g. `https://continuity.example/`.
 */
export function searchBundle(base: string, search: TaskSearch, page: TaskPage): SearchBundle {
  const url = (offset: number) => `${base}fhir/Task?${canonicalQuery(search, offset)}`;
  const size = search.count;
  const link: SearchBundle['link'] = [{ relation: 'self', url: url(search.offset) }, { relation: 'first', url: url(0) }];
  if (size > 0) {
    if (search.offset > 0) link.push({ relation: 'previous', url: url(Math.max(0, search.offset - size)) });
    if (search.offset + size < page.total) link.push({ relation: 'next', url: url(search.offset + size) });
    const lastOffset = page.total === 0 ? 0 : Math.floor((page.total - 1) / size) * size;
    link.push({ relation: 'last', url: url(lastOffset) });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link,
    entry: page.tasks.map((resource) => ({ fullUrl: `${base}fhir/Task/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
