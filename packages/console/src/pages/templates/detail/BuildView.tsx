// One build in detail: its phases beside its log, followed live while it runs; a failed
// build says why (the API's reason; its phase is marked in the timeline).
import { Alert, Button, Grid, Group, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { phaseViews, type BuildState } from "./build-phases";
import { BuildLog } from "./BuildLog";
import { BuildPhases } from "./BuildPhases";
import { useBuildFollow } from "./use-build-follow";

export function BuildView({ templateID, buildID, onStatus }: { templateID: string; buildID: string; onStatus: (buildID: string, status: BuildState) => void }) {
  const { t } = useTranslation();
  const build = useBuildFollow(templateID, buildID, onStatus);
  const phases = build.status ? phaseViews(build.track, build.status, build.reason?.step) : [];

  return (
    <Stack gap="sm" data-testid="build-view" data-build-id={buildID} data-status={build.status ?? undefined}>
      {build.error !== null && (
        <Stack gap={4}>
          <ApiErrorAlert error={build.error} title={t("templates.build.followFailed")} testId="build-error" />
          <Group>
            <Button size="xs" variant="light" onClick={build.retry}>
              {t("templates.retry")}
            </Button>
          </Group>
        </Stack>
      )}
      {build.status === "error" && build.reason && (
        <Alert color="red" variant="light" title={t("templates.build.failedTitle")} data-testid="build-reason">
          <Text size="sm" style={{ wordBreak: "break-word" }}>
            {build.reason.message}
          </Text>
        </Alert>
      )}
      {build.status === null && build.error === null ? (
        <Group gap="xs" py="sm">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t("templates.build.loading")}
          </Text>
        </Group>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb="xs">
              {t("templates.build.phases")}
            </Text>
            {phases.length > 0 ? (
              <BuildPhases phases={phases} />
            ) : (
              <Text size="sm" c="dimmed">
                {build.status === "waiting" ? t("templates.build.waitingToStart") : t("templates.build.noPhases")}
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb="xs">
              {t("templates.build.log")}
            </Text>
            <BuildLog entries={build.entries} dropped={build.dropped} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
