// The team's sandboxes (/console/sandboxes): filtered by state, metadata and template (kept in
// the address: ?state=running&metadata=user%3Dana&template=my-app), loaded again every few
// seconds; pause, resume and kill (after a confirmation) in each row; "Start a sandbox" opens a form.
import { useCallback, useState } from "react";
import { Alert, Box, Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useLocation, useSearchParams } from "react-router";
import type { ListedSandbox } from "@cubicle/sdk";
import { ApiErrorAlert, showApiError } from "../../components/ApiErrorAlert";
import { usePageTitle } from "../../components/page-title";
import { useClient } from "../../session";
import { CreateSandboxModal, DEFAULT_TIMEOUT_S } from "./CreateSandboxModal";
import { KillSandboxModal } from "./KillSandboxModal";
import { parseMetadata } from "./metadata";
import { SandboxFilters, STATE_FILTERS, type StateFilter } from "./SandboxFilters";
import { SandboxesTable } from "./SandboxesTable";
import { SandboxPager } from "./SandboxPager";
import { useSandboxList } from "./useSandboxList";

/** What a page sending the user here may say: the sandbox it just started (shown as if started here). */
export interface SandboxesPageState {
  startedSandboxID?: string;
}

export function SandboxesPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const client = useClient();
  usePageTitle(t("sandboxes.title"));
  const [params, setParams] = useSearchParams();
  const stateParam = params.get("state") as StateFilter | null;
  const state: StateFilter = stateParam && STATE_FILTERS.includes(stateParam) ? stateParam : "all";
  const metadataText = params.get("metadata") ?? "";
  const metadata = parseMetadata(metadataText);
  const template = params.get("template") || undefined;
  /** The tokens of the pages before this one (paging starts over when a filter changes). */
  const [tokens, setTokens] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [killing, setKilling] = useState<ListedSandbox | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  /** The sandbox just started from the form: said above the list, its row highlighted. */
  const [started, setStarted] = useState<string | null>((location.state as SandboxesPageState | null)?.startedSandboxID ?? null);

  const list = useSandboxList({
    state: state === "all" ? undefined : [state],
    metadata: metadata.ok && Object.keys(metadata.pairs).length > 0 ? metadata.pairs : undefined,
    template,
    nextToken: tokens.at(-1),
  });
  const { refresh, drop } = list;

  const setFilter = (name: string, value: string | undefined) => {
    setTokens([]);
    setStarted(null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };

  /** Pauses or resumes a sandbox; the button spins meanwhile, a refusal is a toast. */
  const act = useCallback(
    async (sandbox: ListedSandbox, action: "pause" | "resume") => {
      setBusy((ids) => new Set(ids).add(sandbox.sandboxID));
      setStarted(null);
      try {
        if (action === "pause") await client.sandboxes.pause(sandbox.sandboxID);
        else await client.sandboxes.resume(sandbox.sandboxID, { timeout: DEFAULT_TIMEOUT_S });
      } catch (err) {
        showApiError(err, action === "pause" ? t("sandboxes.pauseFailed") : t("sandboxes.resumeFailed"));
      } finally {
        setBusy((ids) => new Set([...ids].filter((id) => id !== sandbox.sandboxID)));
        refresh();
      }
    },
    [client, refresh, t],
  );

  const filtered = state !== "all" || metadataText !== "" || template !== undefined;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={2} data-testid="page-title">
          {t("sandboxes.title")}
        </Title>
        <Button onClick={() => setCreating(true)} data-testid="sandbox-create">
          {t("sandboxes.create")}
        </Button>
      </Group>
      <SandboxFilters
        state={state}
        onState={(value) => setFilter("state", value === "all" ? undefined : value)}
        metadata={metadataText}
        onMetadata={(text) => setFilter("metadata", text || undefined)}
        template={template}
        onClearTemplate={() => setFilter("template", undefined)}
        loadedAt={list.loadedAt}
        onRefresh={refresh}
      />
      {started && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setStarted(null)} closeButtonLabel={t("sandboxes.dismiss")} data-testid="sandbox-create-success">
          {t("sandboxes.started", { id: started })}
        </Alert>
      )}
      {list.error !== null && <ApiErrorAlert error={list.error} title={t("sandboxes.loadFailed")} testId="sandboxes-error" />}
      {list.loadedAt === null && list.error === null ? (
        <Center py="xl">
          <Loader size="sm" data-testid="sandboxes-loading" />
        </Center>
      ) : list.items.length === 0 && list.error === null ? (
        <Stack align="center" gap={4} py={48} data-testid="sandboxes-empty">
          <Text fw={600}>{filtered ? t("sandboxes.emptyFiltered") : t("sandboxes.empty")}</Text>
          <Text size="sm" c="dimmed">
            {filtered ? t("sandboxes.emptyFilteredHint") : t("sandboxes.emptyHint")}
          </Text>
        </Stack>
      ) : (
        list.items.length > 0 && (
          <Box style={{ opacity: list.stale ? 0.5 : 1, transition: "opacity 150ms" }}>
            <SandboxesTable items={list.items} busy={busy} highlight={started} onPause={(s) => void act(s, "pause")} onResume={(s) => void act(s, "resume")} onKill={setKilling} />
          </Box>
        )
      )}
      <SandboxPager
        hasPrev={tokens.length > 0}
        hasNext={!!list.nextToken}
        onPrev={() => setTokens((all) => all.slice(0, -1))}
        onNext={() => list.nextToken && setTokens((all) => [...all, list.nextToken as string])}
      />
      <KillSandboxModal
        sandbox={killing}
        onClose={() => setKilling(null)}
        onKilled={(id) => {
          setKilling(null);
          setStarted(null);
          drop(id);
          refresh();
        }}
      />
      <CreateSandboxModal
        opened={creating}
        initialTemplate={template}
        onClose={() => setCreating(false)}
        onStarted={(id) => {
          setCreating(false);
          setStarted(id);
          refresh();
        }}
      />
    </Stack>
  );
}
