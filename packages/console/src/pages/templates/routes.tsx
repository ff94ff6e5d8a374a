// The pages under /console/templates: the list, and one template's page (by id, or by display
// name for a typed-in address).
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../NotFoundPage";
import { TemplateDetailPage } from "./detail/TemplateDetailPage";
import { TemplatesListPage } from "./list/TemplatesListPage";

export function TemplatesRoutes() {
  return (
    <Routes>
      <Route index element={<TemplatesListPage />} />
      <Route path=":templateID" element={<TemplateDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
