// The top of a template's page: back to the list, its name (or id when it has none) and
// status, its id to copy, public or private, and what can be done with it.
import { Anchor, Code, Group, Stack, Text, Title } from "@mantine/core";
import type { TemplateDetail } from "@cubicle/sdk";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CopyIdButton } from "../shared/CopyIdButton";
import { StatusBadge } from "../shared/StatusBadge";
import { DeleteTemplateButton } from "./DeleteTemplateButton";
import { PublishSwitch } from "./PublishSwitch";
import { RebuildButton } from "./RebuildButton";
import { StartSandboxButton } from "./StartSandboxButton";

interface TemplateHeaderProps {
  template: TemplateDetail;
  onRebuilt(buildID: string): void;
  onPublicChanged(isPublic: boolean): void;
}

export function TemplateHeader({ template, onRebuilt, onPublicChanged }: TemplateHeaderProps) {
  const { t } = useTranslation();
  const name = template.names[0];
  const ready = template.builds.some((build) => build.status === "ready");
  // The template's status is its ready build's: a rebuild running or failed beside it is shown apart.
  const newest = template.builds[0];
  return (
    <Stack gap="xs">
      <Anchor component={Link} to="/templates" size="sm" data-testid="back-to-templates">
        ← {t("templates.detail.back")}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={6} style={{ minWidth: 0, flex: "1 1 320px" }}>
          <Group gap="sm" wrap="nowrap" align="center">
            <Title order={2} data-testid="page-title" style={{ overflowWrap: "anywhere" }} ff={name ? undefined : "monospace"}>
              {name ?? template.templateID}
            </Title>
            <StatusBadge status={template.buildStatus} />
            {newest && newest.buildID !== template.buildID && (
              <Group gap={6} wrap="nowrap">
                <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {t("templates.detail.latestBuild")}
                </Text>
                <StatusBadge status={newest.status} testId="latest-build-status" />
              </Group>
            )}
          </Group>
          <Group gap={6} wrap="nowrap">
            <Code data-testid="template-id">{template.templateID}</Code>
            <CopyIdButton value={template.templateID} />
          </Group>
        </Stack>
        <Group gap="sm">
          <StartSandboxButton templateID={template.templateID} ready={ready} />
          <RebuildButton templateID={template.templateID} onStarted={onRebuilt} />
          <DeleteTemplateButton templateID={template.templateID} label={name ?? template.templateID} />
        </Group>
      </Group>
      <PublishSwitch templateID={template.templateID} isPublic={template.public} onChanged={onPublicChanged} />
    </Stack>
  );
}
