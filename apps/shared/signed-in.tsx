/** An app's root: restores its session (the production hook, or a dev token) or shows the dev sign-in first. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { forgetDevSession, restoreSession, type AppName, type Role, type Session } from './session';
import { Shell } from './shell';
import { DevSignIn } from './sign-in';
import { Loading } from './ui';

// setTimeout's longest delay (about 24.8 days); a longer-lived token is looked at again then.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SignedInProps {
  app: AppName;
  title: string;
  roles: Role[];
  nav?: (session: Session) => ComponentChildren;
  children: (session: Session) => ComponentChildren;
}

export function SignedIn({ app, title, roles, nav, children }: SignedInProps) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  // A token of another role (a till's, in the shop) is not this app's session.
  const restore = () =>
    restoreSession(app).then((restored) => setSession(restored && roles.includes(restored.role) ? restored : null));
  useEffect(() => void restore(), [app]);
  const signOut = () => {
    forgetDevSession(app);
    setSession(null);
  };
  // An expired token would only earn 401s: back to the sign-in (or the hook, for a fresh one) when it lapses.
  useEffect(() => {
    if (!session) return undefined;
    const lapse = () => {
      if (session.source === 'dev') forgetDevSession(app);
      void restore();
    };
    const timer = setTimeout(lapse, Math.min(session.exp * 1000 - Date.now(), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  }, [session]);
  return (
    <Shell title={title} session={session ?? null} onSignOut={signOut} nav={session ? nav?.(session) : undefined}>
      {session === undefined && <Loading />}
      {session === null && <DevSignIn app={app} roles={roles} onSignedIn={setSession} />}
      {session && children(session)}
    </Shell>
  );
}
