// "Start sandbox": a template (its display name, name:tag or id; the team's templates are
// offered as you type), a timeout in seconds and metadata pairs. A refusal (a template not
// ready, a quota) is shown in the dialog with the API's message.
import { useEffect, useState, type FormEvent } from "react";
import { Autocomplete, Button, Group, Modal, NumberInput, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isAbort } from "../../api";
import { ApiErrorAlert } from "../../components/ApiErrorAlert";
import { useClient } from "../../session";
import { parseMetadata } from "./metadata";

export const DEFAULT_TIMEOUT_S = 300;
/** Templates offered in the template field. */
const OFFERED = 100;

interface Props {
  opened: boolean;
  /** The template to start, filled in (the list's template filter). */
  initialTemplate?: string | undefined;
  onClose(): void;
  onStarted(sandboxID: string): void;
}

export function CreateSandboxModal({ opened, initialTemplate, onClose, onStarted }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const [template, setTemplate] = useState("");
  const [timeout, setTimeoutS] = useState<number | string>(DEFAULT_TIMEOUT_S);
  const [metadata, setMetadata] = useState("");
  const [offered, setOffered] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Each opening starts afresh, with the team's templates to pick from.
  useEffect(() => {
    if (!opened) return;
    setTemplate(initialTemplate ?? "");
    setTimeoutS(DEFAULT_TIMEOUT_S);
    setMetadata("");
    setError(null);
    const controller = new AbortController();
    client.templates
      .list({ limit: OFFERED, signal: controller.signal })
      .then((page) => setOffered([...new Set(page.items.map((tpl) => tpl.names[0] ?? tpl.templateID))]))
      .catch(() => setOffered([])); // only suggestions: the field takes any reference
    return () => controller.abort();
  }, [opened, initialTemplate, client]);

  const parsed = parseMetadata(metadata);
  const seconds = typeof timeout === "number" ? timeout : Number.NaN;
  const canSubmit = template.trim() !== "" && parsed.ok && Number.isInteger(seconds) && seconds >= 1;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit || !parsed.ok) return;
    setBusy(true);
    setError(null);
    try {
      const started = await client.sandboxes.create({ templateID: template.trim(), timeout: seconds, metadata: parsed.pairs });
      onStarted(started.sandboxID);
    } catch (err) {
      if (!isAbort(err)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("sandboxes.createTitle")} centered size="md">
      <form onSubmit={(event) => void submit(event)} noValidate data-testid="sandbox-create-form">
        <Stack gap="md">
          <Autocomplete
            label={t("sandboxes.createTemplate")}
            description={t("sandboxes.createTemplateHint")}
            placeholder={t("sandboxes.createTemplatePlaceholder")}
            data={offered}
            value={template}
            onChange={setTemplate}
            required
            data-autofocus
            spellCheck={false}
            data-testid="sandbox-create-template"
          />
          <NumberInput
            label={t("sandboxes.createTimeout")}
            description={t("sandboxes.createTimeoutHint")}
            value={timeout}
            onChange={setTimeoutS}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            data-testid="sandbox-create-timeout"
          />
          <TextInput
            label={t("sandboxes.createMetadata")}
            placeholder={t("sandboxes.createMetadataPlaceholder")}
            value={metadata}
            onChange={(event) => setMetadata(event.currentTarget.value)}
            error={parsed.ok ? undefined : t("sandboxes.metadataInvalid", { part: parsed.part })}
            spellCheck={false}
            data-testid="sandbox-create-metadata"
          />
          {error !== null && <ApiErrorAlert error={error} title={t("sandboxes.createFailed")} testId="sandbox-create-error" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-testid="sandbox-create-cancel">
              {t("sandboxes.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={!canSubmit} data-testid="sandbox-create-submit">
              {t("sandboxes.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
