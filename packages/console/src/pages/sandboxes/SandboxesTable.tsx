// The sandboxes list: a row per sandbox (attributes data-sandbox-id and data-state) with its id,
// state, template (by name, else id; a link to it), node, start and end, metadata and actions.
import { Anchor, Button, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ListedSandbox } from "@cubicle/sdk";
import { MetadataCell, SandboxIdCell, SandboxStateBadge, TimeCell } from "./SandboxCells";

interface Props {
  items: ListedSandbox[];
  /** Sandboxes with a pause or resume on its way. */
  busy: ReadonlySet<string>;
  /** A sandbox to point out (just started). */
  highlight?: string | null;
  onPause(sandbox: ListedSandbox): void;
  onResume(sandbox: ListedSandbox): void;
  onKill(sandbox: ListedSandbox): void;
}

export function SandboxesTable({ items, busy, highlight, onPause, onResume, onKill }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="sandboxes-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("sandboxes.column.id")}</Table.Th>
            <Table.Th>{t("sandboxes.column.state")}</Table.Th>
            <Table.Th>{t("sandboxes.column.template")}</Table.Th>
            <Table.Th>{t("sandboxes.column.node")}</Table.Th>
            <Table.Th>{t("sandboxes.column.started")}</Table.Th>
            <Table.Th>{t("sandboxes.column.ends")}</Table.Th>
            <Table.Th>{t("sandboxes.column.metadata")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("sandboxes.column.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((sandbox) => (
            <Table.Tr
              key={sandbox.sandboxID}
              bg={sandbox.sandboxID === highlight ? "var(--mantine-color-blue-light)" : undefined}
              data-testid="sandbox-row"
              data-sandbox-id={sandbox.sandboxID}
              data-state={sandbox.state}
            >
              <Table.Td>
                <SandboxIdCell sandboxID={sandbox.sandboxID} />
              </Table.Td>
              <Table.Td>
                <SandboxStateBadge state={sandbox.state} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Anchor component={Link} to={`/templates/${encodeURIComponent(sandbox.templateID)}`} size="sm" ff={sandbox.alias ? undefined : "monospace"} data-testid="sandbox-template">
                    {sandbox.alias ?? sandbox.templateID}
                  </Anchor>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {t("sandboxes.size", { cpu: sandbox.cpuCount, memory: sandbox.memoryMB })}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: "nowrap" }} data-testid="sandbox-node">
                  {sandbox.clientID}
                </Text>
              </Table.Td>
              <Table.Td>
                <TimeCell at={sandbox.startedAt} testId="sandbox-started" />
              </Table.Td>
              <Table.Td>
                <TimeCell at={sandbox.endAt} testId="sandbox-ends" relative={sandbox.state === "paused" ? (phrase) => t("sandboxes.removedWhen", { when: phrase }) : undefined} />
              </Table.Td>
              <Table.Td>
                <MetadataCell metadata={sandbox.metadata} />
              </Table.Td>
              <Table.Td>
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  {sandbox.state === "running" && (
                    <Button size="xs" variant="default" loading={busy.has(sandbox.sandboxID)} onClick={() => onPause(sandbox)} data-testid="sandbox-pause">
                      {t("sandboxes.pause")}
                    </Button>
                  )}
                  {sandbox.state === "paused" && (
                    <Button size="xs" variant="default" loading={busy.has(sandbox.sandboxID)} onClick={() => onResume(sandbox)} data-testid="sandbox-resume">
                      {t("sandboxes.resume")}
                    </Button>
                  )}
                  <Button size="xs" variant="light" color="red" onClick={() => onKill(sandbox)} data-testid="sandbox-kill">
                    {t("sandboxes.kill")}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
