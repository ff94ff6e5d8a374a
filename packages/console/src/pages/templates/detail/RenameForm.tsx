// The template's display name: rename (checked live as it is typed) or clear it. A refusal,
// such as 409 name_taken when the team already holds the name, is shown right under the
// field with its request id, and the input is kept for the user to change.
import { Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import type { TemplateDetail } from "@cubicle/sdk";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";
import { NameHint } from "../shared/NameHint";
import { useNameVerdict } from "../shared/use-name-verdict";

interface RenameFormProps {
  template: TemplateDetail;
  /** The template now has these names (empty: none). */
  onRenamed(names: string[]): void;
}

export function RenameForm({ template, onRenamed }: RenameFormProps) {
  const { t } = useTranslation();
  const client = useClient();
  const current = template.names[0] ?? "";
  const [input, setInput] = useState(current);
  const [busy, setBusy] = useState<"rename" | "clear" | null>(null);
  // A refusal and the input it answered: once the input changes, the live hint speaks again.
  const [error, setError] = useState<{ err: unknown; input: string } | null>(null);
  const check = useNameVerdict(input, { skip: (value) => value === current, ownTemplateID: template.templateID });

  const changed = input.trim() !== "" && input !== current;
  // A name the team holds is left to the API to refuse (409, shown under the field with its
  // request id); a name no template may have is not sent.
  const sendable = changed && (check.state !== "done" || check.verdict.valid || check.verdict.reason === "taken");
  const run = async (action: "rename" | "clear") => {
    setBusy(action);
    setError(null);
    try {
      const updated = action === "rename" ? await client.templates.rename(template.templateID, input) : await client.templates.clearName(template.templateID);
      setInput(updated.names[0] ?? "");
      onRenamed(updated.names);
    } catch (err) {
      setError({ err, input });
    } finally {
      setBusy(null);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sendable && !busy) void run("rename");
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb={4}>
        {t("templates.rename.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {current ? t("templates.rename.description") : t("templates.rename.descriptionUnnamed")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap={6}>
          <TextInput
            aria-label={t("templates.rename.label")}
            placeholder={t("templates.create.namePlaceholder")}
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            data-testid="rename-input"
            autoComplete="off"
            spellCheck={false}
            error={check.state === "done" && !check.verdict.valid}
          />
          {error?.input === input ? (
            <ApiErrorAlert error={error.err} title={t("templates.rename.failed")} testId="rename-error" />
          ) : (
            <NameHint check={check} testId="rename-hint" />
          )}
          <Group gap="sm" mt={4}>
            <Button type="submit" size="sm" disabled={!sendable || busy === "clear"} loading={busy === "rename"} data-testid="rename-submit">
              {current ? t("templates.rename.submit") : t("templates.rename.set")}
            </Button>
            <Button variant="default" size="sm" disabled={!current || busy === "rename"} loading={busy === "clear"} onClick={() => void run("clear")} data-testid="rename-clear">
              {t("templates.rename.clear")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
