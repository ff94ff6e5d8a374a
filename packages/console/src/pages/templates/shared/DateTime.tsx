// A moment as the templates pages show it: local time, with how long ago on a second line
// (or as a tooltip where there is no room), kept fresh while the page stays open.
import { Stack, Text, Tooltip } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../../i18n";
import { formatDateTime, formatRelative } from "./format";

/** The current time, updated every `intervalMs` (relative times stay right). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function DateTime({ value, inline = false, testId }: { value: string; inline?: boolean; testId?: string }) {
  useTranslation(); // re-render on a change of language
  const now = useNow();
  const language = currentLanguage();
  const absolute = formatDateTime(value, language);
  const relative = formatRelative(value, now, language);
  if (inline) {
    return (
      <Tooltip label={relative} withArrow>
        <Text span size="sm" data-testid={testId} style={{ whiteSpace: "nowrap" }}>
          <time dateTime={value}>{absolute}</time>
        </Text>
      </Tooltip>
    );
  }
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        <time dateTime={value}>{absolute}</time>
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {relative}
      </Text>
    </Stack>
  );
}
