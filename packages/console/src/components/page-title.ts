// The browser tab's title for a page: "<page> · Cubicle", in the console's language.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Sets document.title while the page is shown; `page` is already translated. */
export function usePageTitle(page: string): void {
  const { t } = useTranslation();
  const title = t("app.pageTitle", { page });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
