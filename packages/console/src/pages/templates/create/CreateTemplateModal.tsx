// "New template": an optional display name (checked live as it is typed), the image and the
// size. A refused create (say another tab took the name meanwhile: 409 name_taken) is shown
// in the form, with the user's input kept; a created template opens on its page, where its
// first build is followed.
import { Button, Group, Modal, NumberInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";
import { NameHint } from "../shared/NameHint";
import { nameAcceptable, useNameVerdict } from "../shared/use-name-verdict";

export const DEFAULT_IMAGE = "alpine:3.20";
const DEFAULT_CPU = 2;
const DEFAULT_MEMORY_MB = 512;

export function CreateTemplateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("templates.create.title")} size="lg" data-testid="create-modal">
      {/* Mounted only while open: each opening starts with a fresh form. */}
      {opened && <CreateTemplateForm onCancel={onClose} />}
    </Modal>
  );
}

function CreateTemplateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [image, setImage] = useState(DEFAULT_IMAGE);
  const [cpuCount, setCpuCount] = useState<number | string>(DEFAULT_CPU);
  const [memoryMB, setMemoryMB] = useState<number | string>(DEFAULT_MEMORY_MB);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const check = useNameVerdict(name);

  const nameOk = nameAcceptable(check);
  const ready = nameOk && image.trim() !== "" && typeof cpuCount === "number" && typeof memoryMB === "number";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      const created = await client.templates.create({
        ...(name.trim() !== "" && { name }),
        image: image.trim(),
        cpuCount: cpuCount as number,
        memoryMB: memoryMB as number,
      });
      void navigate(`/templates/${encodeURIComponent(created.templateID)}`);
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <div>
          <TextInput
            label={t("templates.create.name")}
            description={t("templates.create.nameDescription")}
            placeholder={t("templates.create.namePlaceholder")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="create-name"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            error={check.state === "done" && !check.verdict.valid}
          />
          <div style={{ minHeight: 20, marginTop: 4 }}>
            <NameHint check={check} testId="create-name-hint" />
          </div>
        </div>
        <TextInput
          label={t("templates.create.image")}
          description={t("templates.create.imageDescription")}
          value={image}
          onChange={(e) => setImage(e.currentTarget.value)}
          required
          data-testid="create-image"
          autoComplete="off"
          spellCheck={false}
        />
        <Group grow align="flex-start">
          <NumberInput label={t("templates.create.cpu")} value={cpuCount} onChange={setCpuCount} min={1} max={64} allowDecimal={false} data-testid="create-cpu" />
          <NumberInput
            label={t("templates.create.memory")}
            value={memoryMB}
            onChange={setMemoryMB}
            min={128}
            max={262144}
            step={128}
            allowDecimal={false}
            data-testid="create-memory"
          />
        </Group>
        {error !== null && <ApiErrorAlert error={error} title={t("templates.create.failed")} testId="create-error" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t("templates.cancel")}
          </Button>
          <Button type="submit" disabled={!ready} loading={submitting} data-testid="create-submit">
            {t("templates.create.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
