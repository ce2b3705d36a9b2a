// Who is signed in, the typed API client, and sign-out, for every page of the console.
import { createContext, useContext } from 'react';
import type { ConsoleClient } from '../../shared/api/console-client.js';
import type { UserView } from '../../shared/api/server-api.js';

export interface Session {
  readonly user: UserView;
  readonly client: ConsoleClient;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('console_no_session: useSession outside a signed-in page');
  return s;
}
