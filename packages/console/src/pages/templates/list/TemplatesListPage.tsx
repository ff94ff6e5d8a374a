// /console/templates: the team's templates, searched by name (as typed, after a pause),
// 20 a page, with "New template" opening the create form.
import { Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { usePageTitle } from "../../../components/page-title";
import { CreateTemplateModal } from "../create/CreateTemplateModal";
import { TemplatesTable } from "./TemplatesTable";
import { useTemplatesPage } from "./use-templates-page";

const SEARCH_DELAY_MS = 300;

export function TemplatesListPage() {
  const { t } = useTranslation();
  usePageTitle(t("templates.title"));
  const [params, setParams] = useSearchParams();
  const [input, setInput] = useState(() => params.get("name") ?? "");
  const [search] = useDebouncedValue(input.trim(), SEARCH_DELAY_MS);
  const [creating, create] = useDisclosure(false);
  const { page, loading, error, pageIndex, next, prev } = useTemplatesPage(search);

  // The search is kept in the address: back from a template returns to the same list.
  useEffect(() => {
    setParams(search ? { name: search } : {}, { replace: true });
  }, [search, setParams]);

  const items = page?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={2} data-testid="page-title">
          {t("templates.title")}
        </Title>
        <Group gap="sm" wrap="nowrap">
          <TextInput
            placeholder={t("templates.list.searchPlaceholder")}
            aria-label={t("templates.list.search")}
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            data-testid="templates-search"
            w={260}
            rightSection={loading && page ? <Loader size={14} /> : undefined}
            autoComplete="off"
            spellCheck={false}
            type="search"
          />
          <Button onClick={create.open} data-testid="templates-create">
            {t("templates.list.create")}
          </Button>
        </Group>
      </Group>

      {error !== null && <ApiErrorAlert error={error} testId="templates-error" />}

      {page === null && loading ? (
        <Group justify="center" py="xl">
          <Loader />
        </Group>
      ) : items.length === 0 && page !== null ? (
        <Paper withBorder p="xl" radius="md" data-testid="templates-empty">
          <Stack align="center" gap="xs">
            <Text fw={600}>{search ? t("templates.list.noMatch", { search }) : t("templates.list.empty")}</Text>
            {!search && (
              <>
                <Text size="sm" c="dimmed">
                  {t("templates.list.emptyHint")}
                </Text>
                <Button variant="light" mt="xs" onClick={create.open}>
                  {t("templates.list.create")}
                </Button>
              </>
            )}
          </Stack>
        </Paper>
      ) : (
        page !== null && (
          <Paper withBorder radius="md">
            <TemplatesTable templates={items} />
          </Paper>
        )
      )}

      {page !== null && (items.length > 0 || pageIndex > 0) && (
        <Group justify="flex-end" gap="sm">
          <Text size="sm" c="dimmed" data-testid="templates-page">
            {t("templates.list.page", { page: pageIndex + 1 })}
          </Text>
          <Button variant="default" size="xs" onClick={prev} disabled={pageIndex === 0} data-testid="templates-prev">
            {t("templates.list.prev")}
          </Button>
          <Button variant="default" size="xs" onClick={next} disabled={!page.nextToken} data-testid="templates-next">
            {t("templates.list.next")}
          </Button>
        </Group>
      )}

      <CreateTemplateModal opened={creating} onClose={create.close} />
    </Stack>
  );
}
