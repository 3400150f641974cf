/** The frame of every app: a skip link, a header with the app's name, its navigation and who is signed in. */
import type { ComponentChildren } from 'preact';
import type { Session } from './session';

export interface ShellProps {
  title: string;
  session: Session | null;
  onSignOut?: () => void;
  nav?: ComponentChildren;
  children: ComponentChildren;
}

export function Shell({ title, session, onSignOut, nav, children }: ShellProps) {
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="app-header">
        <p class="brand">
          <span aria-hidden="true">▦</span> Aisle <span class="app-name">{title}</span>
        </p>
        {nav && <nav aria-label="Main">{nav}</nav>}
        {session && (
          <div class="who">
            <span>
              {session.sub}
              {session.loc && ` · ${session.loc}`}
            </span>
            {session.source === 'dev' && onSignOut && (
              <button type="button" class="link" onClick={onSignOut}>
                Sign out
              </button>
            )}
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

// The hash is the router's, so the skip link moves focus itself instead of navigating to #main.
function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
