// The gate of every page but sign-in: signed out, the user is sent to sign in, and back here after.
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../session";

/** Where sign-in sends the user back to: the page they asked for. */
export interface SignInState {
  from?: string;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { apiKey } = useSession();
  const location = useLocation();
  if (!apiKey) {
    const state: SignInState = { from: location.pathname + location.search + location.hash };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return children;
}
