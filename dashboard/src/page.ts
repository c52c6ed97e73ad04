// What every view gets: the API, the place to draw, the route, and a way to tell whether it is still the current view.
import type { Api } from './api.js';
import type { Route } from './route.js';

export interface PageContext {
  api: Api;
  main: HTMLElement;
  route: Route;
  /** False once the manager has moved on: results that arrive late are dropped, not drawn over the new view. */
  isCurrent: () => boolean;
  navigate: (hash: string) => void;
  /** Draws the current view again, with fresh data. */
  reload: () => void;
  /** Called to remove what a view left behind (charts, observers) before the next one draws. */
  onLeave: (cleanup: () => void) => void;
}

export interface Page {
  title: string;
  render(context: PageContext): Promise<void>;
}
