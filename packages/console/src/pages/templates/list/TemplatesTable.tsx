// The rows of the templates list: name (a link to the template's page), id with a copy
// button, status, the build sandboxes start from, sandboxes started, public or not, created.
import { Anchor, Badge, Code, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import type { Template } from "@cubicle/sdk";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CopyIdButton } from "../shared/CopyIdButton";
import { currentLanguage } from "../../../i18n";
import { DateTime, useNow } from "../shared/DateTime";
import { formatRelative, shortBuildId } from "../shared/format";
import { StatusBadge } from "../shared/StatusBadge";

export function templatePath(templateID: string): string {
  return `/templates/${encodeURIComponent(templateID)}`;
}

function TemplateRow({ template }: { template: Template }) {
  const { t } = useTranslation();
  const now = useNow();
  const name = template.names[0];
  return (
    <Table.Tr data-testid="template-row" data-template-id={template.templateID}>
      <Table.Td>
        <Anchor component={Link} to={templatePath(template.templateID)} fw={600} data-testid="template-link" c={name ? undefined : "dimmed"} fs={name ? undefined : "italic"} style={{ overflowWrap: "anywhere" }}>
          {name ?? t("templates.noName")}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Code data-testid="template-id" style={{ whiteSpace: "nowrap" }}>
            {template.templateID}
          </Code>
          <CopyIdButton value={template.templateID} />
        </Group>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={template.buildStatus} />
      </Table.Td>
      <Table.Td data-testid="template-build">
        {template.buildID ? (
          <Stack gap={0}>
            <Tooltip label={template.buildID} withArrow>
              <Code style={{ alignSelf: "flex-start" }}>{shortBuildId(template.buildID)}</Code>
            </Tooltip>
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {t("templates.list.buildCount", { count: template.buildCount })}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="template-spawns">
        <Stack gap={0}>
          <Text size="sm">{template.spawnCount}</Text>
          {template.lastSpawnedAt && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {t("templates.list.lastSpawned", { when: formatRelative(template.lastSpawnedAt, now, currentLanguage()) })}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td data-testid="template-public" data-public={template.public ? "true" : "false"}>
        <Badge variant={template.public ? "light" : "outline"} color={template.public ? "violet" : "gray"} miw="max-content">
          {template.public ? t("templates.public") : t("templates.private")}
        </Badge>
      </Table.Td>
      <Table.Td>
        <DateTime value={template.createdAt} testId="template-created" />
      </Table.Td>
    </Table.Tr>
  );
}

export function TemplatesTable({ templates }: { templates: Template[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="templates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("templates.list.name")}</Table.Th>
            <Table.Th>{t("templates.list.id")}</Table.Th>
            <Table.Th>{t("templates.list.status")}</Table.Th>
            <Table.Th>{t("templates.list.build")}</Table.Th>
            <Table.Th>{t("templates.list.spawns")}</Table.Th>
            <Table.Th>{t("templates.list.visibility")}</Table.Th>
            <Table.Th>{t("templates.list.created")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {templates.map((template) => (
            <TemplateRow key={template.templateID} template={template} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
