// /console/templates/:templateID: one template, its builds (the selected one followed live
// while it runs), its name, tags and visibility, and the actions on it (start a sandbox,
// rebuild, delete).
import { Anchor, Grid, Group, Loader, Stack } from "@mantine/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { usePageTitle } from "../../../components/page-title";
import { inProgress } from "../shared/StatusBadge";
import type { BuildState } from "./build-phases";
import { BuildsPanel } from "./BuildsPanel";
import { RenameForm } from "./RenameForm";
import { TagsPanel } from "./TagsPanel";
import { TemplateFacts } from "./TemplateFacts";
import { TemplateHeader } from "./TemplateHeader";
import { templateRef, useTemplate, withBuilds } from "./use-template";

/** While the latest build runs and another one is shown, the template is read again this often. */
const REFRESH_WHILE_BUILDING_MS = 3_000;

export function TemplateDetailPage() {
  const { templateID = "" } = useParams();
  // Another template's page starts afresh (no build selected, nothing followed).
  return <TemplateDetail key={templateID} templateID={templateID} />;
}

function TemplateDetail({ templateID }: { templateID: string }) {
  const { t } = useTranslation();
  const { template, error, reload, patch } = useTemplate(templateID);
  const [selected, setSelected] = useState<string | null>(null);
  usePageTitle(template ? (template.names[0] ?? template.templateID) : t("templates.title"));

  const latest = useRef(template);
  useEffect(() => {
    latest.current = template;
  });

  // What following a build learns moves the page on: the build's row and, for the latest
  // build, the template's status; a build that ended is read again with all it made.
  const onStatus = useCallback(
    (buildID: string, status: BuildState) => {
      const known = latest.current?.builds.find((build) => build.buildID === buildID)?.status;
      if (known === undefined || known === status) return;
      patch((tpl) => withBuilds(tpl, tpl.builds.map((build) => (build.buildID === buildID ? { ...build, status } : build))));
      if (!inProgress(status)) reload();
    },
    [patch, reload],
  );

  const shown = selected ?? template?.builds[0]?.buildID;
  const newest = template?.builds[0];
  const latestRunning = newest !== undefined && inProgress(newest.status) && shown !== newest.buildID;
  useEffect(() => {
    if (!latestRunning) return;
    const timer = setTimeout(reload, REFRESH_WHILE_BUILDING_MS);
    return () => clearTimeout(timer);
  }, [latestRunning, template, reload]);

  if (!template) {
    return error !== null ? (
      <Stack gap="md" align="flex-start">
        <Anchor component={Link} to="/templates" size="sm">
          ← {t("templates.detail.back")}
        </Anchor>
        <ApiErrorAlert error={error} title={t("templates.detail.loadFailed")} testId="template-error" />
      </Stack>
    ) : (
      <Group justify="center" py="xl">
        <Loader />
      </Group>
    );
  }

  return (
    <Stack gap="lg">
      <TemplateHeader
        template={template}
        onRebuilt={(buildID) => {
          setSelected(buildID);
          reload();
        }}
        onPublicChanged={(isPublic) => patch((tpl) => ({ ...tpl, public: isPublic }))}
      />
      {error !== null && <ApiErrorAlert error={error} title={t("templates.detail.loadFailed")} testId="template-error" />}
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <BuildsPanel templateID={template.templateID} builds={template.builds} selected={selected} onSelect={setSelected} onStatus={onStatus} />
            <TemplateFacts template={template} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <RenameForm key={template.templateID} template={template} onRenamed={(names) => patch((tpl) => ({ ...tpl, names, aliases: names }))} />
            <TagsPanel templateID={template.templateID} reference={templateRef(template)} version={`${template.buildID}:${template.updatedAt}`} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
