// The frame of every signed-in page: a header with the product's name, the pages (Templates,
// Sandboxes), the API docs, the language switch and sign-out; the page below it. On a narrow
// screen the docs, languages and sign-out move into a menu.
import { AppShell, Anchor, Burger, Button, Group, Image, Menu, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useMatch, useNavigate } from "react-router";
import { currentLanguage, setLanguage } from "../i18n";
import { useSession } from "../session";
import { LANGUAGE_OPTIONS, LanguageSwitch } from "./LanguageSwitch";

const LOGO = `${import.meta.env.BASE_URL}favicon.svg`;
/** The API reference: outside the console (the gateway serves it), so a plain link, not the router's. */
const DOCS = "/docs/";

/** A page of the header's nav; highlighted (and aria-current) while it or a page below it is shown. */
function NavItem({ to, label, testId }: { to: string; label: string; testId: string }) {
  const active = useMatch({ path: to, end: false }) !== null;
  return (
    <Button component={NavLink} to={to} variant={active ? "light" : "subtle"} size="sm" px="sm" data-testid={testId}>
      {label}
    </Button>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const leave = () => {
    // Leave first: the sign-in page then has no page to send the next user back to.
    void navigate("/sign-in", { replace: true });
    signOut();
  };
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="md" wrap="nowrap">
            <Anchor component={Link} to="/templates" underline="never" c="inherit" aria-label={t("app.name")} data-testid="header-home">
              <Group gap={8} wrap="nowrap">
                <Image src={LOGO} alt="" w={24} h={24} />
                <Text fw={700} size="lg" visibleFrom="xs">
                  {t("app.name")}
                </Text>
              </Group>
            </Anchor>
            <Group component="nav" aria-label={t("header.nav")} gap={4} wrap="nowrap">
              <NavItem to="/templates" label={t("nav.templates")} testId="nav-templates" />
              <NavItem to="/sandboxes" label={t("nav.sandboxes")} testId="nav-sandboxes" />
            </Group>
          </Group>
          <Group gap="md" wrap="nowrap" visibleFrom="sm">
            <Anchor href={DOCS} size="sm" style={{ whiteSpace: "nowrap" }} data-testid="nav-api-docs">
              {t("header.apiDocs")}
            </Anchor>
            <LanguageSwitch />
            <Button variant="default" size="xs" data-testid="sign-out" onClick={leave}>
              {t("header.signOut")}
            </Button>
          </Group>
          <Menu position="bottom-end" width={180}>
            <Menu.Target>
              <Burger hiddenFrom="sm" size="sm" aria-label={t("header.menu")} data-testid="header-menu" />
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={DOCS} data-testid="menu-api-docs">
                {t("header.apiDocs")}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Label>{t("header.language")}</Menu.Label>
              {LANGUAGE_OPTIONS.map(({ value, label }) => (
                <Menu.Item
                  key={value}
                  lang={value === "zh" ? "zh-CN" : "en"}
                  aria-current={currentLanguage() === value ? "true" : undefined}
                  fw={currentLanguage() === value ? 700 : undefined}
                  onClick={() => setLanguage(value)}
                  data-testid={`menu-language-${value}`}
                >
                  {label}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={leave} data-testid="menu-sign-out">
                {t("header.signOut")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
