// Hash routes: the core serves one static page, so routing must not need server paths.
export type Route = 'visitor' | 'staff';

export function routeOf(hash: string): Route {
  return /^#\/staff\/?$/.test(hash) ? 'staff' : 'visitor';
}
