// The template's builds, newest first; choosing one (the latest by default) shows its phases
// and log below, followed live while it runs.
import { Card, Code, Group, Table, Text, Title } from "@mantine/core";
import type { TemplateBuild } from "@cubicle/sdk";
import { useTranslation } from "react-i18next";
import { DateTime } from "../shared/DateTime";
import { formatDuration, shortBuildId } from "../shared/format";
import { StatusBadge } from "../shared/StatusBadge";
import type { BuildState } from "./build-phases";
import { BuildView } from "./BuildView";

interface BuildsPanelProps {
  templateID: string;
  builds: TemplateBuild[];
  /** The build shown; null for the latest. */
  selected: string | null;
  onSelect(buildID: string): void;
  onStatus(buildID: string, status: BuildState): void;
}

function BuildRow({ build, selected, onSelect }: { build: TemplateBuild; selected: boolean; onSelect(): void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr
      data-testid="build-row"
      data-build-id={build.buildID}
      data-status={build.status}
      data-selected={selected ? "true" : "false"}
      aria-selected={selected}
      onClick={onSelect}
      onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onSelect())}
      tabIndex={0}
      style={{ cursor: "pointer" }}
      bg={selected ? "var(--mantine-color-blue-light)" : undefined}
    >
      <Table.Td>
        <Code>{shortBuildId(build.buildID)}</Code>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={build.status} testId="build-status" />
      </Table.Td>
      <Table.Td>
        <DateTime value={build.createdAt} inline />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={build.finishedAt ? undefined : "dimmed"}>
          {build.finishedAt ? formatDuration(build.createdAt, build.finishedAt) : t("templates.build.running")}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {t("templates.size", { cpu: build.cpuCount, memory: build.memoryMB })}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function BuildsPanel({ templateID, builds, selected, onSelect, onStatus }: BuildsPanelProps) {
  const { t } = useTranslation();
  const shown = selected ?? builds[0]?.buildID ?? null;
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t("templates.build.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("templates.list.buildCount", { count: builds.length })}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={560} maxHeight={260} type="native">
        <Table verticalSpacing={6} highlightOnHover data-testid="builds-table" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("templates.build.id")}</Table.Th>
              <Table.Th>{t("templates.list.status")}</Table.Th>
              <Table.Th>{t("templates.build.started")}</Table.Th>
              <Table.Th>{t("templates.build.duration")}</Table.Th>
              <Table.Th>{t("templates.build.size")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {builds.map((build) => (
              <BuildRow key={build.buildID} build={build} selected={build.buildID === shown} onSelect={() => onSelect(build.buildID)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown && (
        <>
          <Text size="sm" fw={600} mt="lg" mb="sm">
            {t("templates.build.selected", { build: shortBuildId(shown) })}
          </Text>
          <BuildView key={shown} templateID={templateID} buildID={shown} onStatus={onStatus} />
        </>
      )}
    </Card>
  );
}
