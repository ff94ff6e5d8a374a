// Types `t()` keys from the English catalogue: an unknown key is a type error.
import "i18next";
import type en from "./en.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    keySeparator: false;
    nsSeparator: false;
    resources: { translation: typeof en };
  }
}
