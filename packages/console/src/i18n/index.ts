// The console's languages: one catalogue per language (en.json, zh.json; flat keys grouped by
// page, e.g. "templates.create.title"), the language chosen in the header (kept in
// localStorage) or else the browser's, and <html lang> kept in step. Keys are typed from en.json
// (see i18next.d.ts): a key missing from a catalogue fails the build.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import zh from "./zh.json";

export const LANGUAGES = ["en", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Both catalogues hold the same keys: each fails to type-check if it lacks one of the other's. */
export const resources = {
  en: { translation: en satisfies Record<keyof typeof zh, string> },
  zh: { translation: zh satisfies Record<keyof typeof en, string> },
} as const;

const STORAGE_KEY = "cubicle.language";
/** The value of <html lang> per language: zh-CN makes browsers pick Simplified Chinese glyphs. */
const HTML_LANG: Record<Language, string> = { en: "en", zh: "zh-CN" };

const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled
  }
}

/** The user's choice, else the browser's first language: any Chinese is zh, anything else en. */
export function initialLanguage(): Language {
  const browser = navigator.languages?.[0] ?? navigator.language ?? "";
  return storedLanguage() ?? (browser.toLowerCase().startsWith("zh") ? "zh" : "en");
}

/** Switches the console's language and remembers the choice in this browser. */
export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts until the page is reloaded
  }
  void i18n.changeLanguage(language);
}

/** The language in use (one of LANGUAGES). */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "en";
}

i18n.on("languageChanged", (language: string) => {
  document.documentElement.lang = HTML_LANG[isLanguage(language) ? language : "en"];
});

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  // Flat keys: "templates.create.title" is one key, not a path.
  keySeparator: false,
  nsSeparator: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  // The catalogues are bundled: ready before the first render.
  initAsync: false,
  returnNull: false,
});

export default i18n;
