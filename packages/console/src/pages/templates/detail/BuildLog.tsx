// A build's log: one line per entry (local time, level when it is not info, message), kept
// scrolled to the newest line while the build runs unless the reader scrolled up.
import { Box, ScrollArea, Text } from "@mantine/core";
import type { BuildLogEntry } from "@cubicle/sdk";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage } from "../../../i18n";
import { formatTimeOfDay } from "../shared/format";

const LEVEL_COLOR: Record<BuildLogEntry["level"], string | undefined> = { debug: "dimmed", info: undefined, warn: "yellow.8", error: "red.8" };

export function BuildLog({ entries, dropped }: { entries: BuildLogEntry[]; dropped: number }) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const language = currentLanguage();

  useEffect(() => {
    const el = viewport.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  return (
    <ScrollArea.Autosize
      mah={360}
      viewportRef={viewport}
      onScrollPositionChange={() => {
        const el = viewport.current;
        if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      type="auto"
      bg="var(--mantine-color-gray-0)"
      bd="1px solid var(--mantine-color-gray-3)"
      style={{ borderRadius: "var(--mantine-radius-sm)" }}
    >
      <Box component="ol" data-testid="build-logs" ff="monospace" fz="xs" p="xs" m={0} style={{ listStyle: "none" }}>
        {dropped > 0 && (
          <Text component="li" size="xs" c="dimmed" fs="italic" mb={4}>
            {t("templates.build.linesDropped", { count: dropped })}
          </Text>
        )}
        {entries.length === 0 && (
          <Text component="li" size="xs" c="dimmed">
            {t("templates.build.noLog")}
          </Text>
        )}
        {entries.map((entry, index) => (
          <Box component="li" key={dropped + index} data-testid="build-log-line" data-level={entry.level} data-step={entry.step} style={{ display: "flex", gap: 12, lineHeight: 1.6 }}>
            <Text span inherit c="dimmed" style={{ flexShrink: 0 }}>
              {formatTimeOfDay(entry.timestamp, language)}
            </Text>
            <Text span inherit c={LEVEL_COLOR[entry.level]} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
              {entry.level !== "info" && <b>{entry.level.toUpperCase()} </b>}
              {entry.message}
            </Text>
          </Box>
        ))}
      </Box>
    </ScrollArea.Autosize>
  );
}
