// A console address no page serves (the gateway answers index.html for every path under /console).
import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../components/page-title";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <Stack gap="sm" align="flex-start" data-testid="not-found">
      <Title order={2} data-testid="page-title">
        {t("notFound.title")}
      </Title>
      <Text c="dimmed">{t("notFound.body")}</Text>
      <Button component={Link} to="/templates" variant="light" data-testid="not-found-back">
        {t("notFound.back")}
      </Button>
    </Stack>
  );
}
