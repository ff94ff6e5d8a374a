// The cells of a sandbox row that need more than text: its id with a copy button, its state,
// a time (local, with how long ago or from now) and its metadata pairs.
import { ActionIcon, Badge, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ListedSandbox } from "@cubicle/sdk";
import { fullTime, relativeTime, shortTime } from "./time";

const STATE_COLORS: Record<ListedSandbox["state"], string> = { running: "green", paused: "yellow", unknown: "gray" };

export function SandboxIdCell({ sandboxID }: { sandboxID: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Code fz="xs" style={{ whiteSpace: "nowrap" }}>
        {sandboxID}
      </Code>
      <CopyButton value={sandboxID}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t("sandboxes.copied") : t("sandboxes.copyId")} withArrow>
            <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} size="sm" onClick={copy} aria-label={t("sandboxes.copyId")} data-testid="copy-id" data-copied={copied}>
              {copied ? <CheckIcon /> : <CopyIcon />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

export function SandboxStateBadge({ state }: { state: ListedSandbox["state"] }) {
  const { t } = useTranslation();
  const label = { running: t("sandboxes.state.running"), paused: t("sandboxes.state.paused"), unknown: t("sandboxes.state.unknown") }[state];
  const badge = (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="sandbox-state" data-state={state}>
      {label}
    </Badge>
  );
  return state === "unknown" ? (
    <Tooltip label={t("sandboxes.state.unknownHint")} multiline w={240} withArrow>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

/** A time as "15:58" over "3 minutes ago" (or `relative` made from that phrase), the full date on hover. */
export function TimeCell({ at, relative, testId }: { at: string; relative?: (phrase: string) => string; testId: string }) {
  const { i18n } = useTranslation();
  const date = new Date(at);
  const phrase = relativeTime(date, i18n.language);
  return (
    <Stack gap={0} title={fullTime(date, i18n.language)} data-testid={testId} data-time={at}>
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {shortTime(date, i18n.language)}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {relative ? relative(phrase) : phrase}
      </Text>
    </Stack>
  );
}

export function MetadataCell({ metadata }: { metadata: Record<string, string> }) {
  const keys = Object.keys(metadata).sort();
  if (keys.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={4} data-testid="sandbox-metadata">
      {keys.map((key) => (
        <Badge key={key} variant="default" radius="sm" tt="none" fw={500} maw={220} title={`${key}=${metadata[key]}`}>
          {key}={metadata[key]}
        </Badge>
      ))}
    </Group>
  );
}

const CopyIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1" />
  </svg>
);

const CheckIcon = () => (
  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    <path d="M20 6 9 17l-5-5" />
  </svg>
);
