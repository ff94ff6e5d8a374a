// "Start a sandbox": starts one from the template (its default build) and goes to the
// sandboxes page, where it is listed. Only a template with a ready build can start one.
import { Button, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { showApiError } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";

export function StartSandboxButton({ templateID, ready }: { templateID: string; ready: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    try {
      const sandbox = await client.sandboxes.create({ templateID });
      // The sandboxes page highlights the one started here.
      void navigate("/sandboxes", { state: { startedSandboxID: sandbox.sandboxID } });
    } catch (err) {
      showApiError(err, t("templates.startSandbox.failed"));
      setBusy(false);
    }
  };

  return (
    <Tooltip label={t("templates.startSandbox.notReady")} disabled={ready} withArrow>
      {/* A disabled button hears no pointer: the tooltip listens on its wrapper. */}
      <span style={{ display: "inline-block" }}>
        <Button onClick={() => void start()} loading={busy} disabled={!ready} data-testid="start-sandbox">
          {t("templates.startSandbox.button")}
        </Button>
      </span>
    </Tooltip>
  );
}
