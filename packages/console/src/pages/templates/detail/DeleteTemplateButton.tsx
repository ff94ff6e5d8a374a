// "Delete": asks first (naming the template), then deletes it and its builds and goes back
// to the list. A refusal is shown in the confirmation.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";

export function DeleteTemplateButton({ templateID, label }: { templateID: string; label: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const navigate = useNavigate();
  const [opened, modal] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const open = () => {
    setError(null);
    modal.open();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.templates.delete(templateID);
      modal.close();
      void navigate("/templates", { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <Button color="red" variant="light" onClick={open} data-testid="delete">
        {t("templates.delete.button")}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t("templates.delete.title")} data-testid="delete-confirm" centered>
        <Stack gap="md">
          <Text size="sm" style={{ wordBreak: "break-word" }}>
            {t("templates.delete.body", { name: label })}
          </Text>
          {error !== null && <ApiErrorAlert error={error} title={t("templates.delete.failed")} testId="delete-error" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={modal.close} data-testid="delete-confirm-cancel">
              {t("templates.cancel")}
            </Button>
            <Button color="red" loading={busy} onClick={() => void confirm()} data-testid="delete-confirm-submit">
              {t("templates.delete.submit")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
