// How a failed call is shown: the API's own message (it is in English: the API speaks one
// language) with its request id, which an operator finds in the gateway's logs. In place
// (ApiErrorAlert) or as a toast (showApiError).
import { Alert, Code, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { toApiError, type ApiError } from "../api";
import i18n from "../i18n";

/** The sentence to show for a failed call, in the console's language when it is not the API's. */
export function errorMessage(error: ApiError, t: TFunction): string {
  switch (error.kind) {
    case "api":
      return error.message;
    case "network":
      return t("errors.network");
    case "unexpected":
      return t("errors.unexpected", { status: error.status });
  }
}

/** The message and request id of `error` (any thrown value). */
export function ApiErrorDetails({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const e = toApiError(error);
  return (
    <>
      <Text size="sm" data-testid="api-error-message">
        {errorMessage(e, t)}
      </Text>
      {e.requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          {t("errors.requestId")} <Code data-testid="api-error-request-id">{e.requestId}</Code>
        </Text>
      )}
    </>
  );
}

/** A failed call shown in place, e.g. above a form. `title` defaults to "The request failed". */
export function ApiErrorAlert({ error, title, testId = "api-error" }: { error: unknown; title?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={title ?? t("errors.title")} data-testid={testId}>
      <ApiErrorDetails error={error} />
    </Alert>
  );
}

/** A failed call shown as a toast, for actions that leave no place to show it (a delete in a list). */
export function showApiError(error: unknown, title?: string): void {
  notifications.show({
    color: "red",
    title: title ?? i18n.t("errors.title"),
    message: <ApiErrorDetails error={error} />,
    autoClose: 10_000,
  });
}
