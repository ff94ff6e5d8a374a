// The template's tags, each naming one ready build (`default`: the one sandboxes start from
// unless a tag is asked for). Adding a tag points it at the ready build; any tag but
// `default` can be removed. Refusals are shown in place.
import { Badge, Button, Card, CloseButton, Group, Loader, Text, TextInput, Title, Tooltip } from "@mantine/core";
import type { TemplateTag } from "@cubicle/sdk";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isAbort } from "../../../api";
import { ApiErrorAlert } from "../../../components/ApiErrorAlert";
import { useClient } from "../../../session";
import { shortBuildId } from "../shared/format";

interface TagsPanelProps {
  templateID: string;
  /** What tags are assigned through: the display name, else the id. */
  reference: string;
  /** Changes when the template's builds change (a new ready build moves `default`). */
  version: string;
}

export function TagsPanel({ templateID, reference, version }: TagsPanelProps) {
  const { t } = useTranslation();
  const client = useClient();
  const [tags, setTags] = useState<TemplateTag[] | null>(null);
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    client.templates.tags(templateID, controller.signal).then(
      (answer) => !controller.signal.aborted && setTags(answer),
      (err: unknown) => !controller.signal.aborted && !isAbort(err) && setError(err),
    );
    return () => controller.abort();
  }, [client, templateID, version, reads]);

  const act = useCallback(async (key: string, call: () => Promise<unknown>, after?: () => void) => {
    setBusy(key);
    setError(null);
    try {
      await call();
      after?.();
      setReads((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }, []);

  const tag = input.trim();
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (tag && !busy) void act("add", () => client.templates.assignTags(reference, [tag]), () => setInput(""));
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb={4}>
        {t("templates.tags.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("templates.tags.description")}
      </Text>
      <Group gap={6} mb="sm" data-testid="tags-list" mih={26}>
        {tags === null && error === null && <Loader size="xs" />}
        {tags?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("templates.tags.none")}
          </Text>
        )}
        {tags?.map((item) => (
          <Tooltip key={item.tag} label={t("templates.tags.build", { build: item.buildID })} withArrow>
            <Badge
              variant={item.tag === "default" ? "outline" : "light"}
              color={item.tag === "default" ? "gray" : "blue"}
              size="lg"
              tt="none"
              data-testid="tag"
              data-tag={item.tag}
              rightSection={
                item.tag === "default" ? undefined : (
                  <CloseButton
                    size="xs"
                    variant="transparent"
                    aria-label={t("templates.tags.remove", { tag: item.tag })}
                    disabled={busy !== null}
                    onClick={() => void act(`remove:${item.tag}`, () => client.templates.removeTags(reference, [item.tag]))}
                    data-testid="tag-remove"
                  />
                )
              }
            >
              {item.tag}
              <Text span size="xs" c="dimmed" ml={6} ff="monospace">
                {shortBuildId(item.buildID)}
              </Text>
            </Badge>
          </Tooltip>
        ))}
      </Group>
      <form onSubmit={add} noValidate>
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={t("templates.tags.addLabel")}
            placeholder={t("templates.tags.addPlaceholder")}
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            data-testid="tag-add-input"
            autoComplete="off"
            spellCheck={false}
            style={{ flex: 1 }}
          />
          <Button type="submit" variant="light" disabled={!tag} loading={busy === "add"} data-testid="tag-add-submit">
            {t("templates.tags.add")}
          </Button>
        </Group>
      </form>
      {error !== null && (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert error={error} title={t("templates.tags.failed")} testId="tags-error" />
        </div>
      )}
    </Card>
  );
}
