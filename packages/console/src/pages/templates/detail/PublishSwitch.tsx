// Public or private: a public template may be started by other teams (by id or
// 'team-slug/name'). The switch moves at once and moves back if the API refuses.
import { Switch } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { showApiError } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";

export function PublishSwitch({ templateID, isPublic, onChanged }: { templateID: string; isPublic: boolean; onChanged(isPublic: boolean): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [pending, setPending] = useState<boolean | null>(null);
  const shown = pending ?? isPublic;

  const change = async (next: boolean) => {
    setPending(next);
    try {
      await client.templates.setPublic(templateID, next);
      onChanged(next);
    } catch (err) {
      showApiError(err, t("templates.publish.failed"));
    } finally {
      setPending(null);
    }
  };

  return (
    <Switch
      checked={shown}
      disabled={pending !== null}
      onChange={(e) => void change(e.currentTarget.checked)}
      label={shown ? t("templates.publish.public") : t("templates.publish.private")}
      description={shown ? t("templates.publish.publicHint") : t("templates.publish.privateHint")}
      data-testid="publish-toggle"
      data-public={shown ? "true" : "false"}
    />
  );
}
