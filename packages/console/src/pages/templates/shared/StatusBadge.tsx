// A build's status as a colored badge (ready green, waiting and building blue, error red) in
// the console's language; `data-status` keeps the API's own word for tests and tools.
import { Badge, Loader } from "@mantine/core";
import type { TemplateBuild } from "@cubicle/sdk";
import { useTranslation } from "react-i18next";

export type BuildStatusValue = TemplateBuild["status"];

const COLOR: Record<BuildStatusValue, string> = { ready: "green", waiting: "blue", building: "blue", error: "red" };

/** Whether a build with this status may still change. */
export const inProgress = (status: BuildStatusValue) => status === "waiting" || status === "building";

export function StatusBadge({ status, testId = "template-status" }: { status: BuildStatusValue; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLOR[status]}
      variant="light"
      data-testid={testId}
      data-status={status}
      leftSection={inProgress(status) ? <Loader size={10} color={COLOR[status]} /> : undefined}
      miw="max-content"
      style={{ flexShrink: 0 }}
    >
      {t(`templates.status.${status}`)}
    </Badge>
  );
}
