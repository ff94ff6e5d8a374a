// The pages under /console/templates: add a page here (a <Route> relative to /templates).
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../NotFoundPage";
import { TemplatesPage } from "./TemplatesPage";

export function TemplatesRoutes() {
  return (
    <Routes>
      <Route index element={<TemplatesPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
