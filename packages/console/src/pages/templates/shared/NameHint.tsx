// The line under a name field saying what the API thinks of the name typed so far: how it
// will be stored and compared, or why it cannot be used (in the console's language, with the
// API's own message). Nothing while the field is empty. The element with `testId` (and its
// data-valid) is there only with a verdict on the current input: "checking" and a check that
// failed have test ids of their own.
import { Group, Loader, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiErrorDetails } from "../../../components/ApiErrorAlert";
import type { NameCheck } from "./use-name-verdict";

export function NameHint({ check, testId }: { check: NameCheck; testId: string }) {
  const { t } = useTranslation();
  switch (check.state) {
    case "idle":
      return null;
    case "checking":
      return (
        <Group gap={6} data-testid={`${testId}-checking`} wrap="nowrap">
          <Loader size={12} />
          <Text size="xs" c="dimmed">
            {t("templates.name.checking")}
          </Text>
        </Group>
      );
    case "failed":
      return (
        <Text component="div" size="xs" c="dimmed" data-testid={`${testId}-failed`}>
          {t("templates.name.checkFailed")}
          <ApiErrorDetails error={check.error} />
        </Text>
      );
    case "done": {
      const { verdict } = check;
      if (verdict.valid) {
        return (
          <Text size="xs" c="teal.8" data-testid={testId} data-valid="true">
            {t("templates.name.valid", { displayName: verdict.displayName ?? verdict.normalized, normalized: verdict.normalized })}
          </Text>
        );
      }
      return (
        <Text size="xs" c="red.8" data-testid={testId} data-valid="false" data-reason={verdict.reason}>
          <Text span inherit fw={600}>
            {verdict.reason ? t(`templates.name.reason.${verdict.reason}`) : t("templates.name.invalid")}
          </Text>
          {verdict.message && <> — {verdict.message}</>}
        </Text>
      );
    }
  }
}
