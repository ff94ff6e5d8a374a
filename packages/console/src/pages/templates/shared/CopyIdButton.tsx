// "Copy" next to an id: copies it and says "Copied" for a moment. Falls back to the older
// execCommand copy where the Clipboard API is refused (an insecure origin, a headless browser).
import { Button, Tooltip } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithSelection(text);
  }
}

export function CopyIdButton({ value, testId = "copy-id" }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Tooltip label={t("templates.copyIdTooltip")} withArrow disabled={copied}>
      <Button
        variant={copied ? "light" : "subtle"}
        color={copied ? "green" : "gray"}
        size="compact-xs"
        data-testid={testId}
        data-copied={copied ? "true" : "false"}
        onClick={() => void copyText(value).then(setCopied)}
        miw={64}
        style={{ flexShrink: 0 }}
      >
        {copied ? t("templates.copied") : t("templates.copy")}
      </Button>
    </Tooltip>
  );
}
