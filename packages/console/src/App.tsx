// The console's pages by address (under /console, the router's basename). A section's own pages
// are in its folder's routes.tsx (pages/templates/routes.tsx, …): add a page there; add a
// section here and a link to it in components/Shell.tsx.
import { Navigate, Route, Routes } from "react-router";
import { RequireSession } from "./components/RequireSession";
import { Shell } from "./components/Shell";
import { NotFoundPage } from "./pages/NotFoundPage";
import { SandboxesRoutes } from "./pages/sandboxes/routes";
import { SignInPage } from "./pages/sign-in/SignInPage";
import { TemplatesRoutes } from "./pages/templates/routes";

export function App() {
  return (
    <Routes>
      <Route path="sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/templates" replace />} />
        <Route path="templates/*" element={<TemplatesRoutes />} />
        <Route path="sandboxes/*" element={<SandboxesRoutes />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
