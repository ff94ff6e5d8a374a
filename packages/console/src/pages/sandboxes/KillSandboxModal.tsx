// Asks before a sandbox is killed (it ends for good, running or paused); a refusal is shown in
// the dialog. A sandbox already gone (404) counts as killed.
import { useEffect, useState } from "react";
import { Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ListedSandbox } from "@cubicle/sdk";
import { isAbort, toApiError } from "../../api";
import { ApiErrorAlert } from "../../components/ApiErrorAlert";
import { useClient } from "../../session";

interface Props {
  /** The sandbox to kill; null: the dialog is closed. */
  sandbox: ListedSandbox | null;
  onClose(): void;
  onKilled(sandboxID: string): void;
}

export function KillSandboxModal({ sandbox, onClose, onKilled }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setError(null), [sandbox]);

  const kill = async () => {
    if (!sandbox) return;
    setBusy(true);
    setError(null);
    try {
      await client.sandboxes.kill(sandbox.sandboxID);
      onKilled(sandbox.sandboxID);
    } catch (err) {
      if (toApiError(err).code === "sandbox_not_found") onKilled(sandbox.sandboxID);
      else if (!isAbort(err)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={sandbox !== null} onClose={onClose} title={t("sandboxes.killTitle")} centered>
      {sandbox && (
        <Stack gap="md" data-testid="sandbox-kill-confirm">
          <Text size="sm">{t("sandboxes.killBody", { template: sandbox.alias ?? sandbox.templateID })}</Text>
          <Code block>{sandbox.sandboxID}</Code>
          {error !== null && <ApiErrorAlert error={error} title={t("sandboxes.killFailed")} testId="sandbox-kill-error" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-testid="sandbox-kill-cancel">
              {t("sandboxes.cancel")}
            </Button>
            <Button color="red" loading={busy} onClick={() => void kill()} data-autofocus data-testid="sandbox-kill-confirm-submit">
              {t("sandboxes.killSubmit")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
