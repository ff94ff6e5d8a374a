// EN / 中文 in the header and on the sign-in page: switches the console's language and remembers it.
import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { currentLanguage, setLanguage, type Language } from "../i18n";

/** Each language under its own name, so that a reader of either finds it. */
export const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: "en", label: "EN" },
  { value: "zh", label: "中文" },
];

export function LanguageSwitch() {
  // useTranslation re-renders this on every change of language.
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("header.language")}
      data-testid="language-switch"
      value={currentLanguage()}
      onChange={(value) => setLanguage(value as Language)}
      data={LANGUAGE_OPTIONS.map(({ value, label }) => ({
        value,
        label: (
          <span lang={value === "zh" ? "zh-CN" : "en"} data-testid={`language-${value}`}>
            {label}
          </span>
        ),
      }))}
    />
  );
}
