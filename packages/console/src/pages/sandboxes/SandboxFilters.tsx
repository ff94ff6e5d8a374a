// The filters above the sandboxes list: state (all, running, paused), metadata pairs typed as
// "key=value, …" (applied a moment after typing stops, when they read as pairs), the template
// a link may have set, and a refresh button with the time of the last load.
import { useEffect, useState } from "react";
import { Button, CloseButton, Group, Pill, SegmentedControl, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { parseMetadata } from "./metadata";
import { shortTimeWithSeconds } from "./time";

export type StateFilter = "all" | "running" | "paused";
export const STATE_FILTERS: StateFilter[] = ["all", "running", "paused"];

interface Props {
  state: StateFilter;
  onState(state: StateFilter): void;
  /** The metadata filter applied, as text ("key=value, …"). */
  metadata: string;
  onMetadata(text: string): void;
  template: string | undefined;
  onClearTemplate(): void;
  loadedAt: Date | null;
  onRefresh(): void;
}

export function SandboxFilters({ state, onState, metadata, onMetadata, template, onClearTemplate, loadedAt, onRefresh }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(metadata);
  const [settled] = useDebouncedValue(text, 400);
  const parsed = parseMetadata(settled);

  // The filter follows the text once it reads as pairs; the address (back, a link) sets the text.
  useEffect(() => {
    if (parsed.ok && settled.trim() !== metadata.trim()) onMetadata(settled.trim());
    // Only when the typed text settles: not when the address changes the applied filter.
  }, [settled]);
  useEffect(() => setText((current) => (current.trim() === metadata.trim() ? current : metadata)), [metadata]);

  const stateLabels: Record<StateFilter, string> = { all: t("sandboxes.filter.all"), running: t("sandboxes.filter.running"), paused: t("sandboxes.filter.paused") };
  return (
    <Group justify="space-between" align="flex-start" gap="sm">
      <Group gap="sm" align="flex-start">
        <SegmentedControl
          aria-label={t("sandboxes.filter.state")}
          value={state}
          onChange={(value) => onState(value as StateFilter)}
          data={STATE_FILTERS.map((value) => ({ value, label: <span data-testid={`state-${value}`}>{stateLabels[value]}</span> }))}
        />
        <TextInput
          w={300}
          aria-label={t("sandboxes.filter.metadata")}
          placeholder={t("sandboxes.filter.metadataPlaceholder")}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={parsed.ok ? undefined : t("sandboxes.metadataInvalid", { part: parsed.part })}
          rightSection={text !== "" ? <CloseButton size="sm" aria-label={t("sandboxes.filter.clear")} onClick={() => setText("")} /> : undefined}
          spellCheck={false}
          data-testid="metadata-filter"
        />
        {template !== undefined && (
          <Pill size="lg" withRemoveButton onRemove={onClearTemplate} removeButtonProps={{ "aria-label": t("sandboxes.filter.clear") }} mt={4} data-testid="template-filter">
            {t("sandboxes.filter.template", { template })}
          </Pill>
        )}
      </Group>
      <Group gap="sm">
        {loadedAt && (
          <Text size="xs" c="dimmed" data-testid="sandboxes-updated">
            {t("sandboxes.updated", { time: shortTimeWithSeconds(loadedAt, i18n.language) })}
          </Text>
        )}
        <Button variant="default" onClick={onRefresh} data-testid="sandboxes-refresh">
          {t("sandboxes.refresh")}
        </Button>
      </Group>
    </Group>
  );
}
