// The templates page (a placeholder: the list, create and detail pages replace it).
import { Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../components/page-title";

export function TemplatesPage() {
  const { t } = useTranslation();
  usePageTitle(t("templates.title"));
  return (
    <Title order={2} data-testid="page-title">
      {t("templates.title")}
    </Title>
  );
}
