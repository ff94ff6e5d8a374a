// Sign-in: the user gives an API key of their team; it is checked with a real call before it is
// kept (for this tab only, see api.ts), and the API's own message is shown when it is refused.
import { useState, type FormEvent } from "react";
import { Alert, Anchor, Box, Button, Center, Group, Image, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiErrorAlert } from "../../components/ApiErrorAlert";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { usePageTitle } from "../../components/page-title";
import type { SignInState } from "../../components/RequireSession";
import { useSession } from "../../session";

const LOGO = `${import.meta.env.BASE_URL}favicon.svg`;

/** Only a path inside the console: never another site, whatever the state says. */
const safeReturn = (from: string | undefined) => (from && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/sign-in") ? from : "/templates");

export function SignInPage() {
  const { t } = useTranslation();
  const { apiKey, signIn, endedBecause } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [key, setKey] = useState("");
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t("signIn.submit"));

  const returnTo = safeReturn((location.state as SignInState | null)?.from);
  if (apiKey && !busy) return <Navigate to={returnTo} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = key.trim();
    setError(null);
    setMissing(given === "");
    if (given === "") return;
    setBusy(true);
    try {
      await signIn(given);
      void navigate(returnTo, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md" pb="xl">
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={440}>
          <form onSubmit={(event) => void submit(event)} noValidate data-testid="sign-in-form">
            <Stack gap="md">
              <Group gap="sm">
                <Image src={LOGO} alt="" w={32} h={32} />
                <Title order={1} size="h2" data-testid="page-title">
                  {t("signIn.title")}
                </Title>
              </Group>
              <Text size="sm" c="dimmed">
                {t("signIn.intro")}
              </Text>
              {endedBecause === "expired" && !error && (
                <Alert color="yellow" variant="light" data-testid="sign-in-expired">
                  {t("signIn.expired")}
                </Alert>
              )}
              <PasswordInput
                label={t("signIn.keyLabel")}
                value={key}
                onChange={(event) => setKey(event.currentTarget.value)}
                error={missing ? t("signIn.keyRequired") : undefined}
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                autoFocus
                data-testid="sign-in-api-key"
              />
              {error !== null && <ApiErrorAlert error={error} title={t("signIn.failed")} testId="sign-in-error" />}
              <Button type="submit" loading={busy} fullWidth data-testid="sign-in-submit">
                {t("signIn.submit")}
              </Button>
              <Text size="xs" c="dimmed">
                {t("signIn.hint")}{" "}
                <Anchor href="/docs/" size="xs" data-testid="sign-in-api-docs">
                  {t("header.apiDocs")}
                </Anchor>
              </Text>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
