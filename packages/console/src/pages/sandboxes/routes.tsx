// The pages under /console/sandboxes: add a page here (a <Route> relative to /sandboxes).
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../NotFoundPage";
import { SandboxesPage } from "./SandboxesPage";

export function SandboxesRoutes() {
  return (
    <Routes>
      <Route index element={<SandboxesPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
