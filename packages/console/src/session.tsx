// The signed-in session: the API key of this tab (see api.ts) and the client made with it.
// Signing in checks the key with the API first; a 401 on any later call ends the session and
// the sign-in page says why.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { createClient, storeApiKey, storedApiKey, verifyApiKey, type ApiClient } from "./api";

/** Why the last session ended, when it was not the user's doing. */
export type SignOutReason = "expired";

interface Session {
  apiKey: string | null;
  /** The API client with the session's key; null when signed out. */
  client: ApiClient | null;
  /** Checks `apiKey` with the API, then keeps it for this tab. Throws the ApiError to show. */
  signIn(apiKey: string): Promise<void>;
  signOut(reason?: SignOutReason): void;
  /** Set when the session ended by itself (the key stopped working); cleared at sign-in. */
  endedBecause: SignOutReason | null;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [apiKey, setApiKey] = useState(storedApiKey);
  const [endedBecause, setEndedBecause] = useState<SignOutReason | null>(null);

  const signOut = useCallback((reason?: SignOutReason) => {
    storeApiKey(null);
    setApiKey(null);
    setEndedBecause(reason ?? null);
  }, []);

  const signIn = useCallback(async (key: string) => {
    await verifyApiKey(key);
    storeApiKey(key);
    setApiKey(key);
    setEndedBecause(null);
  }, []);

  const client = useMemo(() => (apiKey ? createClient(apiKey, { onUnauthorized: () => signOut("expired") }) : null), [apiKey, signOut]);

  const value = useMemo(() => ({ apiKey, client, signIn, signOut, endedBecause }), [apiKey, client, signIn, signOut, endedBecause]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>");
  return session;
}

/** The API client, for pages behind sign-in (RequireSession guarantees a session there). */
export function useClient(): ApiClient {
  const { client } = useSession();
  if (!client) throw new Error("useClient is for pages behind sign-in");
  return client;
}
