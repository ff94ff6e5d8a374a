// What there is to know about a template at a glance: size, what its build made, how often
// sandboxes were started from it, when it was made and changed.
import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { TemplateDetail } from "@cubicle/sdk";
import { useTranslation } from "react-i18next";
import { DateTime } from "../shared/DateTime";

export function TemplateFacts({ template }: { template: TemplateDetail }) {
  const { t } = useTranslation();
  const rows: [string, React.ReactNode, string][] = [
    [t("templates.facts.size"), t("templates.size", { cpu: template.cpuCount, memory: template.memoryMB }), "fact-size"],
    [t("templates.facts.disk"), template.diskSizeMB ? t("templates.facts.diskValue", { size: template.diskSizeMB }) : "—", "fact-disk"],
    [t("templates.facts.envd"), template.envdVersion || "—", "fact-envd"],
    [t("templates.facts.spawns"), String(template.spawnCount), "fact-spawns"],
    [t("templates.facts.lastSpawned"), template.lastSpawnedAt ? <DateTime value={template.lastSpawnedAt} /> : t("templates.facts.never"), "fact-last-spawned"],
    [t("templates.facts.created"), <DateTime value={template.createdAt} />, "fact-created"],
    [t("templates.facts.updated"), <DateTime value={template.updatedAt} />, "fact-updated"],
  ];
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb="sm">
        {t("templates.facts.title")}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg" verticalSpacing="md">
        {rows.map(([label, value, testId]) => (
          <Stack key={testId} gap={2}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <div data-testid={testId}>{typeof value === "string" ? <Text size="sm">{value}</Text> : value}</div>
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
  );
}
