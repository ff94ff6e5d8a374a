// The sandboxes page (a placeholder: the list and detail pages replace it).
import { Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../components/page-title";

export function SandboxesPage() {
  const { t } = useTranslation();
  usePageTitle(t("sandboxes.title"));
  return (
    <Title order={2} data-testid="page-title">
      {t("sandboxes.title")}
    </Title>
  );
}
