// Previous / next page of the sandboxes list (shown only when there is another page).
import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function SandboxPager({ hasPrev, hasNext, onPrev, onNext }: { hasPrev: boolean; hasNext: boolean; onPrev(): void; onNext(): void }) {
  const { t } = useTranslation();
  if (!hasPrev && !hasNext) return null;
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" size="xs" disabled={!hasPrev} onClick={onPrev} data-testid="sandboxes-prev">
        {t("sandboxes.prev")}
      </Button>
      <Button variant="default" size="xs" disabled={!hasNext} onClick={onNext} data-testid="sandboxes-next">
        {t("sandboxes.next")}
      </Button>
    </Group>
  );
}
