import en from "./en";
import zhCN, { type Messages } from "./zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export type MessageKey = keyof Messages;

const catalogues: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

export type Params = Record<string, string | number>;

/**
 * Looks up a key (falling back to Chinese, then to the key itself) and fills {placeholders}. A parameter
 * written "@some.key" is itself translated first (a sanction type inside an eligibility message).
 */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = (catalogues[locale] as Record<string, string>)[key] ?? (catalogues["zh-CN"] as Record<string, string>)[key] ?? key;
  // Most texts have no placeholder (a page makes a few hundred of them).
  if (!template.includes("{")) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!(name in params)) return m;
    const v = String(params[name]);
    return v.startsWith("@") ? translate(locale, v.slice(1)) : v;
  });
}

export const TIME_ZONE = "Asia/Shanghai";

/**
 * Intl formatters are costly to build (the project page formats a hundred amounts and dates), so each is
 * built once per locale and reused; they hold no state between calls.
 */
function memo<T>(make: (locale: Locale) => T): (locale: Locale) => T {
  const made = new Map<Locale, T>();
  return (locale) => {
    let f = made.get(locale);
    if (!f) made.set(locale, (f = make(locale)));
    return f;
  };
}
const moneyFormat = memo(
  (locale) => new Intl.NumberFormat(locale, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" }),
);
const dateTimeFormat = memo(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }),
);
const dateFormat = memo(
  (locale) => new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }),
);
const numberFormat = memo((locale) => new Intl.NumberFormat(locale));

/** Money is integer fen; shown as ¥ with two decimals. */
export function formatMoney(fen: number, locale: Locale): string {
  return moneyFormat(locale).format(fen / 100);
}

export function formatDateTime(value: Date | string, locale: Locale): string {
  return dateTimeFormat(locale).format(new Date(value));
}

export function formatDate(value: Date | string, locale: Locale): string {
  return dateFormat(locale).format(new Date(value));
}

export function formatNumber(n: number, locale: Locale): string {
  return numberFormat(locale).format(n);
}
