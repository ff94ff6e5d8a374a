// "Rebuild": starts a new build of the template, from the same image unless another is
// given. The new build then shows on the page, followed live. A refusal (409
// build_in_progress while one runs) is shown in the popover.
import { Button, Popover, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";

export function RebuildButton({ templateID, onStarted }: { templateID: string; onStarted(buildID: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [opened, setOpened] = useState(false);
  const [image, setImage] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const toggle = () => {
    setOpened((o) => !o);
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const started = await client.templates.rebuild(templateID, image.trim() ? { image: image.trim() } : {});
      setOpened(false);
      setImage("");
      onStarted(started.buildID);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" onClick={toggle} data-testid="rebuild">
          {t("templates.rebuild.button")}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm" fw={600}>
              {t("templates.rebuild.title")}
            </Text>
            <TextInput
              label={t("templates.rebuild.image")}
              description={t("templates.rebuild.imageDescription")}
              placeholder={t("templates.rebuild.imagePlaceholder")}
              value={image}
              onChange={(e) => setImage(e.currentTarget.value)}
              data-testid="rebuild-image"
              autoComplete="off"
              spellCheck={false}
            />
            {error !== null && <ApiErrorAlert error={error} title={t("templates.rebuild.failed")} testId="rebuild-error" />}
            <Button type="submit" loading={busy} data-testid="rebuild-submit">
              {t("templates.rebuild.submit")}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
