/** An app's root: restores its session (the production hook, or a dev token) or shows the dev sign-in first. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { forgetDevSession, restoreSession, type AppName, type Role, type Session } from './session';
import { Shell } from './shell';
import { DevSignIn } from './sign-in';
import { Loading } from './ui';

export interface SignedInProps {
  app: AppName;
  title: string;
  roles: Role[];
  nav?: (session: Session) => ComponentChildren;
  children: (session: Session) => ComponentChildren;
}

export function SignedIn({ app, title, roles, nav, children }: SignedInProps) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    void restoreSession(app).then((restored) =>
      setSession(restored && roles.includes(restored.role) ? restored : null),
    );
  }, [app]);
  const signOut = () => {
    forgetDevSession(app);
    setSession(null);
  };
  return (
    <Shell title={title} session={session ?? null} onSignOut={signOut} nav={session ? nav?.(session) : undefined}>
      {session === undefined && <Loading />}
      {session === null && <DevSignIn app={app} roles={roles} onSignedIn={setSession} />}
      {session && children(session)}
    </Shell>
  );
}
