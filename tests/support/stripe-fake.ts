/**
 * A stateful, in-memory stand-in for the parts of Stripe's v1 API that the payments module uses, plugged in
 * at the SDK's HTTP-client boundary (`Stripe.createFetchHttpClient(fake.fetch)`) or served over node:http
 * (`startStripeFakeServer`) for an app in another process (SDK options `host`, `port`, `protocol: "http"`).
 * Integration tests run against stripe-mock when STRIPE_MOCK_URL is set and against this fake otherwise, so
 * the fake follows Stripe's documented objects, statuses and error shapes rather than inventing its own; where
 * it simplifies, the header below says so. Objects are typed with the SDK's own interfaces (stripe v23), so
 * `tsc` checks that every field the SDK declares as always present is there.
 *
 * Modelled (Stripe documentation followed in brackets):
 * - Requests are form-encoded the way the SDK sends them (`metadata[k]=v`, `transfer_data[destination]=…`,
 *   `allowed_payment_method_types[0]=card`, `expand[0]=…`); GET parameters come in the query string. Unknown
 *   top-level parameters are refused with `parameter_unknown`, as Stripe does; the accepted names are the SDK's
 *   `…Params` keys (plus `payment_method_types`, which the SDK's API version replaced by
 *   `allowed_payment_method_types` but older versions take), so a call the SDK types allow is never refused
 *   for its shape. [API reference]
 * - Authentication: `Authorization: Bearer sk_test_…` (or Basic with the key as user name). No key, a
 *   malformed key, a live key or a publishable key → 401 `invalid_request_error`; with `apiKeys` set, only those
 *   keys. [API reference › Authentication]
 * - Idempotency [API reference › Idempotent requests; docs › Idempotent requests]: for POST only. The first
 *   response of a key is saved once the endpoint has begun executing — a parameter-validation error is not
 *   saved, a decline or `balance_insufficient` is — and replayed byte for byte, with `Idempotent-Replayed: true`
 *   and `Original-Request`, to a request with the same key, endpoint and parameters. The same key on another
 *   endpoint, or with other parameters → 400 `idempotency_error`. A key in use by a request still being read
 *   → 409 `idempotency_key_in_use`. Keys are scoped by API key and `Stripe-Account`, and pruned after 24 hours.
 * - `Stripe-Account` is honoured: the account must exist (else 403 `account_invalid`, like Stripe), and objects
 *   created under it live in that account (another scope neither sees them nor pays for them); events about
 *   them carry `account`. Idempotency keys are scoped by it too.
 * - Accounts (Connect, express) start with `charges_enabled`/`payouts_enabled`/`details_submitted` false,
 *   requested capabilities `inactive` and `requirements.currently_due` non-empty; `completeOnboarding`
 *   (or visiting the AccountLink's url on the fake server) makes them true/active and emits `account.updated`.
 *   Retrieving an unknown account → 403 `account_invalid` (StripePermissionError), as Stripe answers.
 * - PaymentIntents [API reference › PaymentIntents; docs › Payment Intents lifecycle]: `requires_payment_method`
 *   → (`confirm` with a test PaymentMethod) `succeeded` | 402 `card_error` back in `requires_payment_method`
 *   with `last_payment_error` and a failed charge | `requires_action` for the 3DS test cards; `capture_method:
 *   manual` stops at `requires_capture` until `capture`; `cancel` from the cancelable statuses. Test
 *   PaymentMethods follow docs › Testing (`pm_card_visa`, `pm_card_chargeDeclined`,
 *   `pm_card_chargeDeclinedInsufficientFunds`, `…ExpiredCard`, `…IncorrectCvc`, `…ProcessingError`,
 *   `…LostCard`, `…StolenCard`, `pm_card_authenticationRequired`, `pm_card_threeDSecure2Required`,
 *   `pm_card_bypassPending`, `pm_card_mastercard`, `pm_card_amex`, `pm_card_unionpay`, `pm_card_jcb`).
 *   `transfer_data[destination]` (destination charges) creates the transfer when the charge succeeds.
 * - Balance [docs › Connect › Separate charges and transfers; API reference › Balance]: a platform balance per
 *   currency (`available`, `pending`). A succeeded charge credits it with amount − fee (the `fee` option,
 *   default 0: no Stripe fees unless you ask for them). By default the funds are available at once — as Stripe's
 *   `pm_card_bypassPending` test card does — so that transfers work right after a payment; with
 *   `fundsAvailability: "pending"` (or `succeed(id, { funds: "pending" })`) they wait in `pending` until
 *   `makeFundsAvailable()`, as normal test cards' funds do. Transfer groups are labels, as in Stripe: the
 *   balance is not split by group (see `transferGroup()` for a per-group summary).
 * - Transfers [API reference › Transfers; separate charges and transfers › Transfer availability]: refused when
 *   the destination does not exist (400 `resource_missing`, "No such destination"), when it lacks an active
 *   `transfers` capability (400 `insufficient_capabilities_for_transfer`), and when the available balance in
 *   that currency does not cover it (400 `balance_insufficient`). With `source_transaction`, the transfer draws
 *   on that charge: at most what is left of it (amount captured − refunded − already transferred from it), in
 *   its currency, and it succeeds while the charge's funds are still pending. The destination's balance is
 *   credited (see it with `Stripe-Account`).
 * - Refunds [API reference › Refunds; changelog › refund pending_reason]: of a PaymentIntent's or charge's
 *   captured amount; `amount` defaults to what is left; more than is left → 400 `amount_too_large` ("Refund
 *   amount (¥x) is greater than …"); nothing left → 400 `charge_already_refunded`. A refund is `succeeded` at once
 *   (card refunds in test mode) and debits the platform balance — or, if the balance cannot cover it,
 *   `pending` with `pending_reason: "insufficient_funds"` until `topUp()` adds funds (then `refund.updated`).
 *   `failRefund()` turns a refund `failed` (funds come back, `refund.failed`). `reverse_transfer` reverses the
 *   destination charge's transfer in proportion.
 * - Events [API reference › Events]: every change Stripe announces records an Event (`evt_…`, `api_version`, `data.object`
 *   as it was then, `previous_attributes` on updates, `request` {id, idempotency_key} — null for changes that
 *   come from "outside", like a customer paying). Served by GET /v1/events and /v1/events/:id; delivered, signed
 *   like Stripe (`Stripe-Signature: t=…,v1=…`), to endpoints added with `addWebhookEndpoint`.
 * - Errors: `{ error: { type, code?, message, param?, doc_url?, request_log_url, … } }` with the statuses the
 *   SDK maps to its classes (400/404 StripeInvalidRequestError, 400 idempotency_error StripeIdempotencyError,
 *   401 StripeAuthenticationError, 402 StripeCardError, 403 StripePermissionError, 409 StripeAPIError). A URL
 *   the fake does not implement → 404 "Unrecognized request URL (…)", Stripe's own answer for unknown URLs.
 *
 * Not modelled: lists other than events, updates of accounts, transfer reversals as an endpoint, disputes,
 * payouts, customers, minimum charge amounts per currency, fees other than the `fee` option, multi-currency
 * settlement. Refunds and Accounts carry no `livemode` (nor AccountLinks an `id`/`metadata`) because Stripe's
 * objects do not have them.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Params = Record<string, unknown>;
/** "" is the platform; otherwise the connected account named by `Stripe-Account`. */
type Scope = string;
const PLATFORM: Scope = "";
const DAY = 86_400;
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);
const SYMBOLS: Record<string, string> = { usd: "$", cny: "¥", jpy: "¥", hkd: "HK$", sgd: "S$", eur: "€", gbp: "£" };

// ───────────────────────────────────────────── errors ─────────────────────────────────────────────

/** The `error` member of a Stripe error response. */
export interface StripeErrorBody {
  type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
  decline_code?: string;
  advice_code?: string;
  charge?: string;
  payment_intent?: Stripe.PaymentIntent;
  payment_method?: Stripe.PaymentMethod;
  request_log_url?: string;
}

/** An error answered with Stripe's error shape; also thrown by the control methods. */
export class StripeFakeError extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
    /** Whether an idempotent request that ends in this error has its response saved (false for parameter validation). */
    readonly saved = true,
  ) {
    super(error.message);
    this.name = "StripeFakeError";
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;

function invalid(message: string, o: { code?: string; param?: string; status?: number; saved?: boolean } = {}): StripeFakeError {
  return new StripeFakeError(
    o.status ?? 400,
    {
      type: "invalid_request_error",
      message,
      ...(o.code ? { code: o.code, doc_url: docUrl(o.code) } : {}),
      ...(o.param ? { param: o.param } : {}),
    },
    o.saved ?? true,
  );
}
/** A parameter that fails validation: Stripe saves no idempotent result for it. */
const paramError = (message: string, param: string, code?: string) => invalid(message, { param, code, saved: false });
const noSuch = (kind: string, id: string, param = "id", status = 404) =>
  invalid(`No such ${kind}: '${id}'`, { code: "resource_missing", param, status });
const unexpectedState = (message: string) => invalid(message, { code: "payment_intent_unexpected_state" });

function maskKey(key: string): string {
  const m = /^([a-z]+_[a-z]+_)(.*)$/.exec(key);
  if (!m) return "*".repeat(Math.max(0, key.length - 4)) + key.slice(-4);
  const rest = m[2]!;
  return m[1] + "*".repeat(Math.max(0, rest.length - 4)) + rest.slice(-4);
}

function noAccess(key: string, account: string): StripeFakeError {
  return invalid(
    `The provided key '${maskKey(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
    {
      code: "account_invalid",
      status: 403,
    },
  );
}

/** Amount in the currency's smallest unit, written the way Stripe's messages write it ("¥12.34"). */
export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  const value = (amount / 10 ** digits).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${SYMBOLS[currency] ?? `${currency.toUpperCase()} `}${value}`;
}

// ──────────────────────────────────────── request parameters ────────────────────────────────────────

/**
 * Parses a body (or query string) encoded the way the SDK encodes it: `a[b][c]=v` nests, `a[0]=x&a[1]=y` (or
 * `a[]=x`) makes an array. Values stay strings, as on the wire.
 */
export function parseStripeForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) throw paramError(`Invalid parameter name: ${key}`, key);
    const path = [m[1]!, ...Array.from(m[2]!.matchAll(/\[([^[\]]*)\]/g), (x) => x[1]!)];
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] === "" ? String(Object.keys(node).length) : path[i]!;
      if (i === path.length - 1) {
        node[seg] = value;
      } else {
        if (typeof node[seg] !== "object" || node[seg] === null) node[seg] = {};
        node = node[seg] as Params;
      }
    }
  }
  return arrayify(root) as Params;
}

function arrayify(v: unknown): unknown {
  if (!v || typeof v !== "object") return v;
  const o = v as Params;
  const keys = Object.keys(o);
  const mapped: Params = Object.fromEntries(keys.map((k) => [k, arrayify(o[k])]));
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]);
  return mapped;
}

/** Parameters in a canonical order, for comparing an idempotent retry with its original. */
function canonicalParams(text: string): string {
  return Array.from(new URLSearchParams(text), ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join("&");
}

/** Typed, Stripe-worded reading of one request's parameters. */
class Args {
  constructor(
    readonly raw: Params,
    allowed: readonly string[],
  ) {
    for (const k of Object.keys(raw))
      if (!allowed.includes(k)) throw paramError(`Received unknown parameter: ${k}`, k, "parameter_unknown");
  }
  has(k: string): boolean {
    return this.raw[k] !== undefined;
  }
  str(k: string, required = false): string | undefined {
    return readStr(this.raw[k], k, required);
  }
  req(k: string): string {
    return readStr(this.raw[k], k, true)!;
  }
  int(k: string, o: { required?: boolean; min?: number } = {}): number | undefined {
    return readInt(this.raw[k], k, o);
  }
  bool(k: string): boolean | undefined {
    return readBool(this.raw[k], k);
  }
  oneOf<T extends string>(k: string, values: readonly T[], required = false): T | undefined {
    const s = this.str(k, required);
    if (s === undefined) return undefined;
    if (!(values as readonly string[]).includes(s)) throw paramError(`Invalid ${k}: must be one of ${values.join(", ")}`, k);
    return s as T;
  }
  obj(k: string): Params | undefined {
    return readObj(this.raw[k], k);
  }
  strings(k: string): string[] | undefined {
    const v = this.raw[k];
    if (v === undefined) return undefined;
    if (v === "") return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw paramError(`Invalid array`, k);
    return v as string[];
  }
  currency(k = "currency", required = true): string | undefined {
    const s = this.str(k, required);
    if (s === undefined) return undefined;
    if (!/^[a-zA-Z]{3}$/.test(s))
      throw paramError(`Invalid currency: ${s}. Stripe currently supports these currencies: usd, cny, hkd, sgd, eur, gbp, jpy, …`, k);
    return s.toLowerCase();
  }
  expand(): string[] {
    return this.strings("expand") ?? [];
  }
}

function readStr(v: unknown, k: string, required: boolean): string | undefined {
  if (v === undefined) {
    if (required) throw paramError(`Missing required param: ${k}.`, k, "parameter_missing");
    return undefined;
  }
  if (typeof v !== "string") throw paramError(`Invalid string: ${JSON.stringify(v)}`, k);
  if (v === "" && required)
    throw paramError(
      `You passed an empty string for '${k}'. We assume empty values are an attempt to unset a parameter; however '${k}' cannot be unset. You should remove '${k}' from your request or supply a non-empty value.`,
      k,
      "parameter_invalid_empty",
    );
  return v;
}

function readInt(v: unknown, k: string, o: { required?: boolean; min?: number } = {}): number | undefined {
  const s = readStr(v, k, o.required ?? false);
  if (s === undefined || s === "") return undefined;
  const n = Number(s);
  if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n)) throw paramError(`Invalid integer: ${s}`, k, "parameter_invalid_integer");
  if (o.min !== undefined && n < o.min)
    throw paramError(`This value must be greater than or equal to ${o.min}.`, k, "parameter_invalid_integer");
  return n;
}

function readBool(v: unknown, k: string): boolean | undefined {
  if (v === undefined || v === "") return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw paramError(`Invalid boolean: ${String(v)}`, k);
}

function readObj(v: unknown, k: string): Params | undefined {
  if (v === undefined) return undefined;
  if (v === "") return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw paramError(`Invalid object`, k);
  return v as Params;
}

/** Stripe's metadata semantics: `metadata[k]=""` removes k, `metadata=""` clears all; ≤ 50 keys of ≤ 40 characters, values ≤ 500. */
function applyMetadata(current: Record<string, string>, raw: unknown): Record<string, string> {
  if (raw === undefined) return current;
  if (raw === "") return {};
  const patch = Array.isArray(raw) ? Object.fromEntries(raw.map((v, i) => [String(i), v])) : raw;
  if (typeof patch !== "object" || patch === null) throw paramError("Invalid object", "metadata");
  const next = { ...current };
  for (const [k, v] of Object.entries(patch as Params)) {
    if (typeof v !== "string") throw paramError(`Invalid value for metadata key '${k}': metadata values must be strings`, `metadata[${k}]`);
    if (k.length > 40) throw paramError(`Metadata keys can have up to 40 characters, '${k}' has ${k.length}.`, `metadata[${k}]`);
    if (v.length > 500)
      throw paramError(`Metadata values can have up to 500 characters, the value of '${k}' has ${v.length}.`, `metadata[${k}]`);
    if (v === "") delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) throw paramError("Metadata can have up to 50 keys.", "metadata");
  return next;
}

/** The top-level parameters each endpoint accepts: the SDK's …Params keys (stripe v23). */
const ALLOWED = {
  accountCreate: [
    "account_token",
    "business_profile",
    "business_type",
    "capabilities",
    "company",
    "controller",
    "country",
    "default_currency",
    "documents",
    "email",
    "expand",
    "external_account",
    "groups",
    "individual",
    "metadata",
    "settings",
    "tos_acceptance",
    "type",
  ],
  accountLinkCreate: ["account", "type", "collect", "collection_options", "expand", "refresh_url", "return_url"],
  piCreate: [
    "amount",
    "currency",
    "payment_method_types",
    "allowed_payment_method_types",
    "amount_details",
    "application_fee_amount",
    "automatic_payment_methods",
    "capture_method",
    "confirm",
    "confirmation_method",
    "confirmation_token",
    "customer",
    "customer_account",
    "description",
    "error_on_requires_action",
    "excluded_payment_method_types",
    "expand",
    "hooks",
    "mandate",
    "mandate_data",
    "metadata",
    "off_session",
    "on_behalf_of",
    "payment_details",
    "payment_method",
    "payment_method_configuration",
    "payment_method_data",
    "payment_method_options",
    "radar_options",
    "receipt_email",
    "return_url",
    "setup_future_usage",
    "shipping",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_data",
    "transfer_group",
    "use_stripe_sdk",
  ],
  piUpdate: [
    "payment_method_types",
    "allowed_payment_method_types",
    "amount",
    "amount_details",
    "application_fee_amount",
    "capture_method",
    "currency",
    "customer",
    "customer_account",
    "description",
    "excluded_payment_method_types",
    "expand",
    "hooks",
    "metadata",
    "payment_details",
    "payment_method",
    "payment_method_configuration",
    "payment_method_data",
    "payment_method_options",
    "receipt_email",
    "setup_future_usage",
    "shipping",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_data",
    "transfer_group",
  ],
  piConfirm: [
    "payment_method_types",
    "allowed_payment_method_types",
    "amount_details",
    "amount_to_confirm",
    "capture_method",
    "confirmation_token",
    "error_on_requires_action",
    "excluded_payment_method_types",
    "expand",
    "hooks",
    "mandate",
    "mandate_data",
    "off_session",
    "payment_details",
    "payment_method",
    "payment_method_data",
    "payment_method_options",
    "radar_options",
    "receipt_email",
    "return_url",
    "setup_future_usage",
    "shipping",
    "use_stripe_sdk",
  ],
  piCancel: ["cancellation_reason", "expand"],
  piCapture: [
    "amount_details",
    "amount_to_capture",
    "application_fee_amount",
    "expand",
    "final_capture",
    "hooks",
    "metadata",
    "payment_details",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_data",
  ],
  piRetrieve: ["client_secret", "expand"],
  refundCreate: [
    "amount",
    "charge",
    "currency",
    "customer",
    "expand",
    "instructions_email",
    "metadata",
    "origin",
    "payment_intent",
    "reason",
    "refund_application_fee",
    "reverse_transfer",
  ],
  transferCreate: [
    "currency",
    "destination",
    "amount",
    "description",
    "expand",
    "metadata",
    "source_transaction",
    "source_type",
    "transfer_group",
  ],
  retrieve: ["expand"],
  eventList: ["created", "delivery_success", "expand", "type", "types", "limit", "starting_after", "ending_before"],
} as const;

// ───────────────────────────────────────────── helpers ─────────────────────────────────────────────

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function randomId(prefix: string, length = 24): string {
  let s = "";
  for (const b of randomBytes(length)) s += ALPHABET[b % 62];
  return `${prefix}_${s}`;
}

const clone = <T>(v: T): T => structuredClone(v);
const view = <T>(m: Map<string, { obj: T }>): ReadonlyMap<string, T> => new Map([...m].map(([k, v]) => [k, clone(v.obj)]));

interface TestCard {
  brand: string;
  last4: string;
  funding: "credit" | "debit";
  outcome: "success" | "decline" | "requires_action";
  code?: string;
  declineCode?: string;
  message?: string;
  bypassPending?: boolean;
}

const declined = (last4: string, code: string, declineCode: string, message: string): TestCard => ({
  brand: "visa",
  last4,
  funding: "credit",
  outcome: "decline",
  code,
  declineCode,
  message,
});

/** Stripe's test PaymentMethods (docs › Testing). */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: "visa", last4: "4242", funding: "credit", outcome: "success" },
  pm_card_visa_debit: { brand: "visa", last4: "5556", funding: "debit", outcome: "success" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", funding: "credit", outcome: "success" },
  pm_card_amex: { brand: "amex", last4: "8431", funding: "credit", outcome: "success" },
  pm_card_unionpay: { brand: "unionpay", last4: "0005", funding: "credit", outcome: "success" },
  pm_card_jcb: { brand: "jcb", last4: "0505", funding: "credit", outcome: "success" },
  pm_card_bypassPending: { brand: "visa", last4: "0077", funding: "credit", outcome: "success", bypassPending: true },
  pm_card_chargeDeclined: declined("0002", "card_declined", "generic_decline", "Your card was declined."),
  pm_card_chargeDeclinedInsufficientFunds: declined("9995", "card_declined", "insufficient_funds", "Your card has insufficient funds."),
  pm_card_chargeDeclinedLostCard: declined("9987", "card_declined", "lost_card", "Your card was declined."),
  pm_card_chargeDeclinedStolenCard: declined("9979", "card_declined", "stolen_card", "Your card was declined."),
  pm_card_chargeDeclinedExpiredCard: declined("0069", "expired_card", "expired_card", "Your card has expired."),
  pm_card_chargeDeclinedIncorrectCvc: declined("0127", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
  pm_card_chargeDeclinedProcessingError: declined(
    "0119",
    "processing_error",
    "processing_error",
    "An error occurred while processing your card. Try again in a little bit.",
  ),
  pm_card_authenticationRequired: { brand: "visa", last4: "3184", funding: "credit", outcome: "requires_action" },
  pm_card_threeDSecure2Required: { brand: "visa", last4: "3220", funding: "credit", outcome: "requires_action" },
};

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  lost_card: "Your card was declined.",
  stolen_card: "Your card was declined.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: "An error occurred while processing your card. Try again in a little bit.",
};

const EXPRESS_REQUIREMENTS = [
  "business_profile.mcc",
  "business_profile.url",
  "business_type",
  "external_account",
  "representative.first_name",
  "representative.last_name",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

const DEFAULT_CURRENCY: Record<string, string> = {
  US: "usd",
  HK: "hkd",
  SG: "sgd",
  JP: "jpy",
  GB: "gbp",
  CN: "cny",
  DE: "eur",
  FR: "eur",
  NL: "eur",
  IE: "eur",
};

const CANCELABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
const CONFIRMABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];

type EventType = Stripe.Event["type"];
type EventOf<T extends EventType> = Extract<Stripe.Event, { type: T }>;
type EventObject<T extends EventType> = EventOf<T>["data"]["object"];

/** Options of an event built by `eventFor`. */
export interface EventOptions {
  previous_attributes?: Record<string, unknown>;
  /** The connected account the event happened on (Connect events). */
  account?: string;
  request?: { id: string | null; idempotency_key: string | null };
  created?: number;
  pending_webhooks?: number;
  api_version?: string;
}

/** Builds a Stripe Event around a copy of `object` (API reference › The Event object). */
export function eventFor<T extends EventType>(type: T, object: EventObject<T>, options: EventOptions = {}): EventOf<T> {
  const event = {
    id: randomId("evt"),
    object: "event",
    ...(options.account ? { account: options.account } : {}),
    api_version: options.api_version ?? Stripe.API_VERSION,
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object: clone(object), ...(options.previous_attributes ? { previous_attributes: clone(options.previous_attributes) } : {}) },
    livemode: false,
    pending_webhooks: options.pending_webhooks ?? 0,
    request: options.request ?? { id: null, idempotency_key: null },
    type,
  };
  return event as unknown as EventOf<T>;
}

/** The `Stripe-Signature` header Stripe sends with a webhook (docs › Webhooks › Verify signatures). */
export function signWebhookPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex")}`;
}

// ───────────────────────────────────────────── state ─────────────────────────────────────────────

interface Stored<T> {
  obj: T;
  scope: Scope;
}
interface ChargeFunds {
  /** Funds still in the pending balance (not yet available). */
  pending: boolean;
  transferred: number;
}
interface Bucket {
  available: number;
  pending: number;
}
interface IdempotentRecord {
  endpoint: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  created: number;
}
interface LinkState {
  account: string;
  refresh_url: string | null;
  return_url: string | null;
  expires_at: number;
}
interface RequestContext {
  id: string;
  idempotencyKey: string | null;
}

/** A webhook endpoint of the fake: Stripe's "account" endpoints get the platform's events, "connect" ones those of connected accounts. */
export interface FakeWebhookEndpoint {
  url: string;
  secret: string;
  /** Default "both" (one endpoint receiving both kinds); Stripe needs an account and a Connect endpoint for that. */
  kind?: "account" | "connect" | "both";
  /** Event types, default all (`["*"]`). */
  enabledEvents?: string[];
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  url: string;
  status: number | null;
  error?: string;
}

export interface StripeFakeOptions {
  /** Only these API keys are accepted (default: any `sk_test_…`/`rk_test_…`). */
  apiKeys?: string[];
  /** The platform's country (default "US"), giving new accounts' default country and the balance's default currency. */
  platformCountry?: string;
  /** Where a succeeded charge's funds go first (default "available", like `pm_card_bypassPending`). */
  fundsAvailability?: "available" | "pending";
  /** Stripe's processing fee for a charge, in the smallest unit (default none). */
  fee?: (amount: number, currency: string) => number;
  /** Milliseconds since the epoch (default `Date.now`); `advanceTime` adds to it. */
  now?: () => number;
  /** Base URL AccountLink urls point at (the fake server sets its own, so that visiting a link completes onboarding). */
  publicUrl?: string;
}

type Handler = (ctx: Ctx, args: Params, m: RegExpExecArray) => unknown;
interface Ctx {
  scope: Scope;
  key: string;
  expand: (obj: unknown, args: Args) => unknown;
}

export class StripeFake {
  readonly options: StripeFakeOptions;
  publicUrl: string | undefined;
  private offsetMs = 0;
  private readonly apiKeys: Set<string> | null;
  private accountStore = new Map<string, Stripe.Account>();
  private piStore = new Map<string, Stored<Stripe.PaymentIntent>>();
  private chargeStore = new Map<string, Stored<Stripe.Charge>>();
  private chargeFunds = new Map<string, ChargeFunds>();
  private paymentMethods = new Map<string, { pm: Stripe.PaymentMethod; card: TestCard }>();
  private refundStore = new Map<string, Stored<Stripe.Refund>>();
  private transferStore = new Map<string, Stored<Stripe.Transfer>>();
  private balanceTransactions = new Map<string, Stored<Stripe.BalanceTransaction>>();
  private balances = new Map<Scope, Map<string, Bucket>>();
  private eventList: Stripe.Event[] = [];
  private eventIndex = new Map<string, Stripe.Event>();
  private links = new Map<string, LinkState>();
  private idempotency = new Map<string, IdempotentRecord>();
  private inFlight = new Set<string>();
  private webhookEndpoints: FakeWebhookEndpoint[] = [];
  private deliveryQueue: { event: Stripe.Event; endpoint: FakeWebhookEndpoint }[] = [];
  private delivering: Promise<void> = Promise.resolve();
  private deliveryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Every webhook delivery attempted, in order. */
  readonly deliveries: WebhookDelivery[] = [];
  private ctx: RequestContext | null = null;
  private readonly routes: [string, RegExp, Handler][];

  constructor(options: StripeFakeOptions = {}) {
    this.options = options;
    this.publicUrl = options.publicUrl;
    this.apiKeys = options.apiKeys ? new Set(options.apiKeys) : null;
    const id = "([A-Za-z0-9_]+)";
    this.routes = [
      ["GET", /^\/v1\/account$/, (c) => this.platformAccount(c)],
      ["POST", /^\/v1\/accounts$/, (c, p) => this.createAccount(c, p)],
      ["GET", new RegExp(`^/v1/accounts/${id}$`), (c, p, m) => this.retrieveAccount(c, p, m[1]!)],
      ["POST", /^\/v1\/account_links$/, (c, p) => this.createAccountLink(c, p)],
      ["POST", /^\/v1\/payment_intents$/, (c, p) => this.createPaymentIntent(c, p)],
      ["GET", new RegExp(`^/v1/payment_intents/${id}$`), (c, p, m) => this.retrievePaymentIntent(c, p, m[1]!)],
      ["POST", new RegExp(`^/v1/payment_intents/${id}$`), (c, p, m) => this.updatePaymentIntent(c, p, m[1]!)],
      ["POST", new RegExp(`^/v1/payment_intents/${id}/confirm$`), (c, p, m) => this.confirmPaymentIntent(c, p, m[1]!)],
      ["POST", new RegExp(`^/v1/payment_intents/${id}/cancel$`), (c, p, m) => this.cancelPaymentIntent(c, p, m[1]!)],
      ["POST", new RegExp(`^/v1/payment_intents/${id}/capture$`), (c, p, m) => this.capturePaymentIntent(c, p, m[1]!)],
      ["GET", new RegExp(`^/v1/charges/${id}$`), (c, p, m) => this.retrieveScoped(c, p, this.chargeStore, m[1]!, "charge")],
      ["GET", new RegExp(`^/v1/payment_methods/${id}$`), (c, p, m) => this.retrievePaymentMethod(c, p, m[1]!)],
      ["POST", /^\/v1\/refunds$/, (c, p) => this.createRefund(c, p)],
      ["GET", new RegExp(`^/v1/refunds/${id}$`), (c, p, m) => this.retrieveScoped(c, p, this.refundStore, m[1]!, "refund")],
      ["POST", /^\/v1\/transfers$/, (c, p) => this.createTransfer(c, p)],
      ["GET", new RegExp(`^/v1/transfers/${id}$`), (c, p, m) => this.retrieveScoped(c, p, this.transferStore, m[1]!, "transfer")],
      ["GET", /^\/v1\/balance$/, (c, p) => (new Args(p, ALLOWED.retrieve), this.balanceObject(c.scope))],
      [
        "GET",
        new RegExp(`^/v1/balance_transactions/${id}$`),
        (c, p, m) => this.retrieveScoped(c, p, this.balanceTransactions, m[1]!, "balance transaction"),
      ],
      ["GET", /^\/v1\/events$/, (c, p) => this.listEvents(c, p)],
      ["GET", new RegExp(`^/v1/events/${id}$`), (c, p, m) => this.retrieveEvent(c, p, m[1]!)],
    ];
  }

  // ─────────────────────────────── read-only views ───────────────────────────────

  /** Copies of every PaymentIntent (on any account), by id. */
  get paymentIntents(): ReadonlyMap<string, Stripe.PaymentIntent> {
    return view(this.piStore);
  }
  get charges(): ReadonlyMap<string, Stripe.Charge> {
    return view(this.chargeStore);
  }
  get refunds(): ReadonlyMap<string, Stripe.Refund> {
    return view(this.refundStore);
  }
  get transfers(): ReadonlyMap<string, Stripe.Transfer> {
    return view(this.transferStore);
  }
  get accounts(): ReadonlyMap<string, Stripe.Account> {
    return new Map([...this.accountStore].map(([k, v]) => [k, clone(v)]));
  }

  // ─────────────────────────────── HTTP entry points ───────────────────────────────

  /** `fetch` of the fake, for `Stripe.createFetchHttpClient(fake.fetch)`. */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => this.handle(new Request(input, init));

  /** Answers one request the way Stripe's API would (and `/__fake/…` control requests, without authentication). */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__fake/")) return this.control(request, url);
    const requestId = randomId("req", 14);
    const method = request.method.toUpperCase();
    const headers: Record<string, string> = {
      "Request-Id": requestId,
      "Stripe-Version": request.headers.get("stripe-version") ?? Stripe.API_VERSION,
    };
    const account = request.headers.get("stripe-account") ?? PLATFORM;
    if (account) headers["Stripe-Account"] = account;
    const idempotencyKey = method === "POST" ? request.headers.get("idempotency-key") : null;
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    let key: string;
    try {
      key = this.authenticate(request.headers.get("authorization"));
      if (account && !this.accountStore.has(account)) throw noAccess(key, account);
      if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 255))
        throw invalid("Idempotency-Key must be a string of 1 to 255 characters.", { saved: false });
    } catch (e) {
      return this.errorResponse(e, requestId, headers);
    }
    const scopeKey = idempotencyKey ? `${key}\u0000${account}\u0000${idempotencyKey}` : null;
    if (scopeKey && this.inFlight.has(scopeKey)) {
      return this.errorResponse(
        invalid(
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`,
          {
            code: "idempotency_key_in_use",
            status: 409,
          },
        ),
        requestId,
        headers,
      );
    }
    if (scopeKey) this.inFlight.add(scopeKey);
    try {
      const text = method === "GET" || method === "DELETE" ? url.search.slice(1) : await request.text();
      const endpoint = `${method} ${url.pathname}`;
      if (scopeKey) {
        this.pruneIdempotency();
        const saved = this.idempotency.get(scopeKey);
        if (saved) {
          if (saved.endpoint !== endpoint)
            throw new StripeFakeError(
              400,
              {
                type: "idempotency_error",
                message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.endpoint}' vs '${endpoint}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
              false,
            );
          if (saved.params !== canonicalParams(text))
            throw new StripeFakeError(
              400,
              {
                type: "idempotency_error",
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
              false,
            );
          return new Response(saved.body, {
            status: saved.status,
            headers: { ...headers, "Content-Type": "application/json", "Idempotent-Replayed": "true", "Original-Request": saved.requestId },
          });
        }
      }
      let status = 200;
      let body: string;
      let save = true;
      try {
        const result = this.route(method, url.pathname, text, { scope: account, key }, { id: requestId, idempotencyKey });
        body = JSON.stringify(result, null, 2);
      } catch (e) {
        const err = this.asFakeError(e);
        status = err.status;
        save = err.saved;
        body = JSON.stringify({ error: this.withLogUrl(err.error, requestId) }, null, 2);
      }
      if (scopeKey && save)
        this.idempotency.set(scopeKey, { endpoint, params: canonicalParams(text), status, body, requestId, created: this.nowSeconds() });
      this.scheduleDelivery();
      return new Response(body, { status, headers: { ...headers, "Content-Type": "application/json" } });
    } catch (e) {
      return this.errorResponse(e, requestId, headers);
    } finally {
      if (scopeKey) this.inFlight.delete(scopeKey);
    }
  }

  private route(method: string, path: string, text: string, auth: { scope: Scope; key: string }, request: RequestContext): unknown {
    for (const [m, re, handler] of this.routes) {
      if (m !== method) continue;
      const match = re.exec(path);
      if (!match) continue;
      const params = parseStripeForm(text);
      const ctx: Ctx = { ...auth, expand: (obj, args) => this.expand(obj, args.expand(), auth.scope) };
      this.ctx = request;
      try {
        return handler(ctx, params, match);
      } finally {
        this.ctx = null;
      }
    }
    throw invalid(
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/. (The Stripe fake in tests/support/stripe-fake.ts implements accounts, account_links, payment_intents, charges, payment_methods, refunds, transfers, balance, balance_transactions and events.)`,
      { status: 404, saved: false },
    );
  }

  private authenticate(header: string | null): string {
    let key: string | null = null;
    if (header?.startsWith("Bearer ")) key = header.slice(7).trim();
    else if (header?.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString("utf8").split(":")[0] ?? null;
    if (!key)
      throw invalid(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        { status: 401, saved: false },
      );
    if (/^pk_(test|live)_/.test(key))
      throw invalid(
        "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        {
          status: 401,
          saved: false,
        },
      );
    if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key) || (this.apiKeys && !this.apiKeys.has(key)))
      throw invalid(`Invalid API Key provided: ${maskKey(key)}`, { status: 401, saved: false });
    return key;
  }

  private asFakeError(e: unknown): StripeFakeError {
    if (e instanceof StripeFakeError) return e;
    return new StripeFakeError(
      500,
      { type: "api_error", message: `The Stripe fake failed: ${e instanceof Error ? e.message : String(e)}` },
      false,
    );
  }

  private withLogUrl(error: StripeErrorBody, requestId: string): StripeErrorBody {
    return { ...error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${this.nowSeconds()}` };
  }

  private errorResponse(e: unknown, requestId: string, headers: Record<string, string>): Response {
    const err = this.asFakeError(e);
    return new Response(JSON.stringify({ error: this.withLogUrl(err.error, requestId) }, null, 2), {
      status: err.status,
      headers: { ...headers, "Content-Type": "application/json" },
    });
  }

  private pruneIdempotency(): void {
    const cutoff = this.nowSeconds() - DAY;
    for (const [k, r] of this.idempotency) if (r.created < cutoff) this.idempotency.delete(k);
  }

  // ─────────────────────────────── time ───────────────────────────────

  /** Milliseconds, the fake's clock. */
  now(): number {
    return (this.options.now ?? Date.now)() + this.offsetMs;
  }
  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
  /** Moves the fake's clock (AccountLink expiry, idempotency key pruning, `created` of new objects). */
  advanceTime(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  // ─────────────────────────────── events and webhooks ───────────────────────────────

  private emit<T extends EventType>(
    type: T,
    object: EventObject<T>,
    o: { previous?: Record<string, unknown>; scope?: Scope; account?: string } = {},
  ): EventOf<T> {
    const account = o.account ?? (o.scope || undefined);
    const endpoints = this.webhookEndpoints.filter((e) => this.endpointWants(e, type, account));
    const event = eventFor(type, object, {
      previous_attributes: o.previous,
      account,
      created: this.nowSeconds(),
      pending_webhooks: endpoints.length,
      request: this.ctx ? { id: this.ctx.id, idempotency_key: this.ctx.idempotencyKey } : { id: null, idempotency_key: null },
    });
    this.eventList.push(event);
    this.eventIndex.set(event.id, event);
    for (const endpoint of endpoints) this.deliveryQueue.push({ event, endpoint });
    return clone(event);
  }

  private endpointWants(e: FakeWebhookEndpoint, type: string, account: string | undefined): boolean {
    const kind = e.kind ?? "both";
    if (kind === "account" && account) return false;
    if (kind === "connect" && !account) return false;
    const enabled = e.enabledEvents ?? ["*"];
    return enabled.includes("*") || enabled.includes(type);
  }

  /** Events are sent to it, signed with its secret, soon after they happen (await `flushWebhooks()` to wait for them). */
  addWebhookEndpoint(endpoint: FakeWebhookEndpoint): void {
    this.webhookEndpoints.push(endpoint);
  }
  removeWebhookEndpoints(): void {
    this.webhookEndpoints = [];
  }

  private scheduleDelivery(): void {
    if (!this.deliveryQueue.length || this.deliveryTimer) return;
    this.deliveryTimer = setTimeout(() => {
      this.deliveryTimer = null;
      void this.flushWebhooks();
    }, 0);
  }

  /** Delivers every queued event (in order, one at a time) and resolves when all have been answered. */
  flushWebhooks(): Promise<WebhookDelivery[]> {
    const start = this.deliveries.length;
    this.delivering = this.delivering.then(async () => {
      while (this.deliveryQueue.length) {
        const { event, endpoint } = this.deliveryQueue.shift()!;
        const payload = JSON.stringify(event, null, 2);
        const delivery: WebhookDelivery = { eventId: event.id, type: event.type, url: endpoint.url, status: null };
        try {
          const res = await (endpoint.fetch ?? globalThis.fetch)(endpoint.url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json; charset=utf-8",
              "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
              "Stripe-Signature": signWebhookPayload(payload, endpoint.secret, this.nowSeconds()),
            },
            body: payload,
          });
          delivery.status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        } catch (e) {
          delivery.error = e instanceof Error ? e.message : String(e);
        }
        this.deliveries.push(delivery);
      }
    });
    return this.delivering.then(() => this.deliveries.slice(start));
  }

  /** Copies of the events recorded so far, oldest first. */
  events(filter: { type?: string } = {}): Stripe.Event[] {
    return clone(this.eventList.filter((e) => !filter.type || e.type === filter.type));
  }
  lastEvent<T extends EventType>(type: T): EventOf<T> | undefined {
    const e = [...this.eventList].reverse().find((x) => x.type === type);
    return e ? (clone(e) as EventOf<T>) : undefined;
  }

  // ─────────────────────────────── balance ───────────────────────────────

  private bucket(scope: Scope, currency: string): Bucket {
    let byCurrency = this.balances.get(scope);
    if (!byCurrency) this.balances.set(scope, (byCurrency = new Map()));
    let b = byCurrency.get(currency);
    if (!b) byCurrency.set(currency, (b = { available: 0, pending: 0 }));
    return b;
  }

  private platformCurrency(): string {
    return DEFAULT_CURRENCY[this.options.platformCountry ?? "US"] ?? "usd";
  }

  /** The Balance object of the platform (or of a connected account). */
  balance(account?: string): Stripe.Balance {
    return clone(this.balanceObject(account ?? PLATFORM));
  }

  private balanceObject(scope: Scope): Stripe.Balance {
    const defaultCurrency = scope ? (this.accountStore.get(scope)?.default_currency ?? this.platformCurrency()) : this.platformCurrency();
    this.bucket(scope, defaultCurrency);
    const entries = [...this.balances.get(scope)!.entries()];
    return {
      object: "balance",
      available: entries.map(([currency, b]) => ({ amount: b.available, currency, source_types: { card: b.available } })),
      connect_reserved: entries.map(([currency]) => ({ amount: 0, currency })),
      livemode: false,
      pending: entries.map(([currency, b]) => ({ amount: b.pending, currency, source_types: { card: b.pending } })),
    };
  }

  private balanceTransaction(
    scope: Scope,
    o: {
      amount: number;
      currency: string;
      fee?: number;
      type: Stripe.BalanceTransaction.Type;
      source: string;
      pending?: boolean;
      description?: string | null;
    },
  ): string {
    const created = this.nowSeconds();
    const fee = o.fee ?? 0;
    const txn: Stripe.BalanceTransaction = {
      id: randomId("txn"),
      object: "balance_transaction",
      amount: o.amount,
      available_on: o.pending ? created + 2 * DAY : created,
      balance_type: "payments",
      created,
      currency: o.currency,
      description: o.description ?? null,
      exchange_rate: null,
      fee,
      fee_details: fee
        ? [{ amount: fee, application: null, currency: o.currency, description: "Stripe processing fees", type: "stripe_fee" }]
        : [],
      net: o.amount - fee,
      reporting_category: o.type === "refund" ? "refund" : o.type === "transfer" ? "transfer" : o.type === "topup" ? "topup" : "charge",
      source: o.source,
      status: o.pending ? "pending" : "available",
      type: o.type,
    };
    this.balanceTransactions.set(txn.id, { obj: txn, scope });
    return txn.id;
  }

  /** Adds funds to the available balance (like a top-up), then settles refunds waiting for funds. */
  topUp(currency: string, amount: number, account?: string): Stripe.Balance {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw invalid("A top-up needs a positive integer amount.", { param: "amount" });
    const scope = account ?? PLATFORM;
    const c = currency.toLowerCase();
    this.bucket(scope, c).available += amount;
    this.balanceTransaction(scope, { amount, currency: c, type: "topup", source: randomId("tu") });
    this.settlePendingRefunds();
    this.scheduleDelivery();
    return this.balance(account);
  }

  /** Moves pending funds to available (as when charges settle) and emits `balance.available`. */
  makeFundsAvailable(): Stripe.BalanceAvailableEvent {
    for (const byCurrency of this.balances.values())
      for (const b of byCurrency.values()) {
        b.available += b.pending;
        b.pending = 0;
      }
    for (const f of this.chargeFunds.values()) f.pending = false;
    for (const { obj } of this.balanceTransactions.values()) if (obj.status === "pending") obj.status = "available";
    this.settlePendingRefunds();
    const event = this.emit("balance.available", this.balanceObject(PLATFORM));
    this.scheduleDelivery();
    return event;
  }

  // ─────────────────────────────── accounts ───────────────────────────────

  private platformAccount(c: Ctx): Stripe.Account {
    if (c.scope) return clone(this.accountStore.get(c.scope)!);
    const country = this.options.platformCountry ?? "US";
    return {
      id: "acct_fakeplatform",
      object: "account",
      business_profile: null,
      capabilities: { card_payments: "active", transfers: "active" },
      charges_enabled: true,
      country,
      default_currency: this.platformCurrency(),
      details_submitted: true,
      email: null,
      payouts_enabled: true,
      type: "standard",
    };
  }

  private createAccount(c: Ctx, p: Params): Stripe.Account {
    const a = new Args(p, ALLOWED.accountCreate);
    if (c.scope) throw invalid("Connected accounts cannot create accounts: send this request without Stripe-Account.");
    const type = a.oneOf("type", ["express", "custom", "standard"] as const);
    const controller = a.obj("controller");
    const dashboard = readObj(controller?.stripe_dashboard, "controller[stripe_dashboard]")?.type;
    const resolvedType = type ?? (dashboard === "express" ? "express" : dashboard === "none" ? "custom" : "standard");
    const country = (a.str("country") ?? this.options.platformCountry ?? "US").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country))
      throw paramError(
        `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`,
        "country",
        "country_unsupported",
      );
    const email = a.str("email") ?? null;
    if (email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw paramError(`Invalid email address: ${email}`, "email", "email_invalid");
    const requested: Record<string, "inactive"> = {};
    const capabilities = a.obj("capabilities") ?? {};
    for (const [name, value] of Object.entries(capabilities)) {
      const r = readBool(readObj(value, `capabilities[${name}]`)?.requested, `capabilities[${name}][requested]`);
      if (r) requested[name] = "inactive";
    }
    const metadata = applyMetadata({}, p.metadata);
    const id = randomId("acct", 16);
    const requirements: Stripe.Account.Requirements = {
      alternatives: [],
      current_deadline: null,
      currently_due: [...EXPRESS_REQUIREMENTS],
      disabled_reason: "requirements.past_due",
      errors: [],
      eventually_due: [...EXPRESS_REQUIREMENTS],
      past_due: [...EXPRESS_REQUIREMENTS],
      pending_verification: [],
    };
    const account: Stripe.Account = {
      id,
      object: "account",
      business_profile: {
        annual_revenue: null,
        estimated_worker_count: null,
        mcc: null,
        name: null,
        support_address: null,
        support_email: null,
        support_phone: null,
        support_url: null,
        url: null,
      } as Stripe.Account.BusinessProfile,
      business_type: (a.str("business_type") as Stripe.Account.BusinessType | undefined) ?? null,
      capabilities: requested,
      charges_enabled: false,
      controller: {
        fees: { payer: "application" },
        is_controller: true,
        losses: { payments: "application" },
        requirement_collection: "stripe",
        stripe_dashboard: { type: resolvedType === "express" ? "express" : resolvedType === "custom" ? "none" : "full" },
        type: "application",
      },
      country,
      created: this.nowSeconds(),
      default_currency: a.currency("default_currency", false) ?? DEFAULT_CURRENCY[country] ?? "usd",
      details_submitted: false,
      email,
      external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
      future_requirements: {
        alternatives: [],
        current_deadline: null,
        currently_due: [],
        disabled_reason: null,
        errors: [],
        eventually_due: [],
        past_due: [],
        pending_verification: [],
      },
      metadata,
      payouts_enabled: false,
      requirements,
      tos_acceptance: { date: null, ip: null, user_agent: null },
      type: resolvedType,
    };
    this.accountStore.set(id, account);
    return c.expand(clone(account), a) as Stripe.Account;
  }

  private retrieveAccount(c: Ctx, p: Params, id: string): Stripe.Account {
    const a = new Args(p, ALLOWED.retrieve);
    const account = this.accountStore.get(id);
    if (!account || (c.scope && c.scope !== id)) throw noAccess(c.key, id);
    return c.expand(clone(account), a) as Stripe.Account;
  }

  /** Finishes an account's onboarding as if its owner had filled in Stripe's forms; returns `account.updated`. */
  completeOnboarding(accountId: string): Stripe.AccountUpdatedEvent {
    const account = this.accountStore.get(accountId);
    if (!account) throw noSuch("account", accountId, "account");
    const previous = {
      charges_enabled: account.charges_enabled,
      payouts_enabled: account.payouts_enabled,
      details_submitted: account.details_submitted,
      capabilities: clone(account.capabilities),
      requirements: clone(account.requirements),
    };
    account.charges_enabled = true;
    account.payouts_enabled = true;
    account.details_submitted = true;
    account.business_type ??= "individual";
    account.capabilities = Object.fromEntries(Object.keys(account.capabilities ?? {}).map((k) => [k, "active"]));
    account.requirements = {
      alternatives: [],
      current_deadline: null,
      currently_due: [],
      disabled_reason: null,
      errors: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
    };
    account.tos_acceptance = { date: this.nowSeconds(), ip: "127.0.0.1", user_agent: "stripe-fake" };
    const event = this.emit("account.updated", clone(account), { previous, account: accountId });
    this.scheduleDelivery();
    return event;
  }

  /** Sets one capability's status (e.g. "inactive" to see transfers refused again); returns `account.updated`. */
  setCapability(accountId: string, capability: string, status: "active" | "inactive" | "pending"): Stripe.AccountUpdatedEvent {
    const account = this.accountStore.get(accountId);
    if (!account) throw noSuch("account", accountId, "account");
    const previous = { capabilities: clone(account.capabilities) };
    account.capabilities = { ...account.capabilities, [capability]: status };
    const event = this.emit("account.updated", clone(account), { previous, account: accountId });
    this.scheduleDelivery();
    return event;
  }

  /** A copy of an account. */
  account(accountId: string): Stripe.Account | undefined {
    const a = this.accountStore.get(accountId);
    return a ? clone(a) : undefined;
  }

  private createAccountLink(c: Ctx, p: Params): Stripe.AccountLink {
    const a = new Args(p, ALLOWED.accountLinkCreate);
    const accountId = a.req("account");
    const type = a.oneOf("type", ["account_onboarding", "account_update"] as const, true)!;
    const urls: Record<string, string | null> = {};
    for (const k of ["refresh_url", "return_url"]) {
      const u = a.str(k) ?? null;
      if (u !== null && !/^https?:\/\/[^\s/]+/.test(u)) throw paramError("Not a valid URL", k, "url_invalid");
      urls[k] = u;
    }
    if (c.scope) throw invalid("Account Links are created by the platform: send this request without Stripe-Account.");
    const account = this.accountStore.get(accountId);
    if (!account) throw noSuch("account", accountId, "account", 400);
    if (type === "account_update" && account.type === "express")
      throw invalid("You cannot create `account_update` type Account Links for Express accounts.", { param: "type" });
    const created = this.nowSeconds();
    const token = randomBytes(12).toString("hex");
    const expires_at = created + 300;
    this.links.set(token, { account: accountId, refresh_url: urls.refresh_url ?? null, return_url: urls.return_url ?? null, expires_at });
    const url = this.publicUrl
      ? `${this.publicUrl}/__fake/account_links/${token}`
      : `https://connect.stripe.com/setup/e/${accountId}/${token}`;
    return { object: "account_link", created, expires_at, url };
  }

  /** What visiting an AccountLink's url does: completes onboarding and sends the browser to return_url (or to refresh_url once expired). */
  visitAccountLink(urlOrToken: string): { location: string | null; event: Stripe.AccountUpdatedEvent | null } {
    const token = urlOrToken.split("/").pop()!;
    const link = this.links.get(token);
    if (!link) throw noSuch("account link", token);
    if (this.nowSeconds() > link.expires_at) return { location: link.refresh_url, event: null };
    this.links.delete(token);
    return { location: link.return_url, event: this.completeOnboarding(link.account) };
  }

  // ─────────────────────────────── payment intents ───────────────────────────────

  private getIntent(c: { scope: Scope }, id: string): Stripe.PaymentIntent {
    const s = this.piStore.get(id);
    if (!s || s.scope !== c.scope) throw noSuch("payment_intent", id, "intent");
    return s.obj;
  }

  private intentScope(id: string): Scope {
    const s = this.piStore.get(id);
    if (!s) throw noSuch("payment_intent", id, "intent");
    return s.scope;
  }

  private requireDestination(id: string, param: string): Stripe.Account {
    const account = this.accountStore.get(id);
    if (!account) throw invalid(`No such destination: '${id}'`, { code: "resource_missing", param });
    if (account.capabilities?.transfers !== "active")
      throw invalid(
        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
        {
          code: "insufficient_capabilities_for_transfer",
          param,
        },
      );
    return account;
  }

  private createPaymentIntent(c: Ctx, p: Params): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piCreate);
    const amount = a.int("amount", { required: true, min: 1 })!;
    if (amount > 99_999_999)
      throw paramError(`Amount must be no more than ${formatAmount(99_999_999, "usd")}`, "amount", "amount_too_large");
    const currency = a.currency()!;
    // payment_method_types is the parameter of API versions before the SDK's own; allowed_payment_method_types
    // replaces it in the SDK's version (its types no longer list payment_method_types). Both are accepted.
    const listed = a.strings("payment_method_types");
    const allowed = a.strings("allowed_payment_method_types");
    if (listed && allowed)
      throw paramError(
        "You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.",
        "payment_method_types",
        "parameters_exclusive",
      );
    const types = listed ?? allowed;
    const automatic = a.obj("automatic_payment_methods");
    if (types && automatic)
      throw paramError(
        `You may only specify one of these parameters: automatic_payment_methods, ${listed ? "payment_method_types" : "allowed_payment_method_types"}.`,
        "automatic_payment_methods",
        "parameters_exclusive",
      );
    const captureMethod = a.oneOf("capture_method", ["automatic", "automatic_async", "manual"] as const) ?? "automatic_async";
    const transferData = a.obj("transfer_data");
    let transfer: Stripe.PaymentIntent.TransferData | null = null;
    if (transferData) {
      const destination = readStr(transferData.destination, "transfer_data[destination]", true)!;
      const tAmount = readInt(transferData.amount, "transfer_data[amount]", { min: 1 });
      if (tAmount !== undefined && tAmount > amount)
        throw paramError("The transfer amount cannot exceed the amount of the PaymentIntent.", "transfer_data[amount]", "amount_too_large");
      this.requireDestination(destination, "transfer_data[destination]");
      transfer = { destination, ...(tAmount !== undefined ? { amount: tAmount } : {}) };
    }
    const automaticEnabled = automatic ? readBool(automatic.enabled, "automatic_payment_methods[enabled]") : undefined;
    const created = this.nowSeconds();
    const id = randomId("pi");
    const pi: Stripe.PaymentIntent = {
      id,
      object: "payment_intent",
      allowed_payment_method_types: allowed?.length ? allowed : null,
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: a.int("application_fee_amount", { min: 0 }) ?? null,
      automatic_payment_methods: types ? null : { allow_redirects: "always", enabled: automaticEnabled ?? true },
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${randomBytes(12).toString("hex")}`,
      confirmation_method: a.oneOf("confirmation_method", ["automatic", "manual"] as const) ?? "automatic",
      created,
      currency,
      customer: a.str("customer") ?? null,
      customer_account: null,
      description: a.str("description") ?? null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: applyMetadata({}, p.metadata),
      next_action: null,
      on_behalf_of: a.str("on_behalf_of") ?? null,
      payment_method: null,
      payment_method_configuration_details: types ? null : { id: "pmc_fakedefault", parent: null },
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
      payment_method_types: types?.length ? types : ["card"],
      payment_record: null,
      processing: null,
      receipt_email: a.str("receipt_email") ?? null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: a.str("statement_descriptor") ?? null,
      statement_descriptor_suffix: a.str("statement_descriptor_suffix") ?? null,
      status: "requires_payment_method",
      transfer_data: transfer,
      transfer_group: a.str("transfer_group") ?? null,
    };
    const pmParam = a.str("payment_method");
    const pm = pmParam ? this.resolvePaymentMethod(pmParam) : null;
    const confirm = a.bool("confirm") ?? false;
    this.piStore.set(id, { obj: pi, scope: c.scope });
    this.emit("payment_intent.created", clone(pi), { scope: c.scope });
    if (pm) {
      pi.payment_method = pm;
      pi.status = "requires_confirmation";
    }
    if (confirm) {
      if (!pm)
        throw unexpectedState(
          "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        );
      this.confirmWith(pi, c.scope, pm);
    }
    return c.expand(clone(pi), a) as Stripe.PaymentIntent;
  }

  private retrievePaymentIntent(c: Ctx, p: Params, id: string): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piRetrieve);
    return c.expand(clone(this.getIntent(c, id)), a) as Stripe.PaymentIntent;
  }

  private updatePaymentIntent(c: Ctx, p: Params, id: string): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piUpdate);
    const pi = this.getIntent(c, id);
    const moneyKeys = Object.keys(p).filter((k) => !["metadata", "description", "expand", "receipt_email", "shipping"].includes(k));
    if (moneyKeys.length && !CONFIRMABLE.includes(pi.status))
      throw unexpectedState(
        `This PaymentIntent's ${moneyKeys[0]} could not be updated because it has a status of ${pi.status}. You may only update the ${moneyKeys[0]} of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
      );
    const previous: Record<string, unknown> = {};
    const set = <K extends keyof Stripe.PaymentIntent>(k: K, v: Stripe.PaymentIntent[K] | undefined) => {
      if (v === undefined || JSON.stringify(v) === JSON.stringify(pi[k])) return;
      previous[k] = clone(pi[k]);
      pi[k] = v;
    };
    const amount = a.int("amount", { min: 1 });
    set("amount", amount);
    set("currency", a.currency("currency", false));
    set("description", a.has("description") ? a.str("description") || null : undefined);
    set("transfer_group", a.has("transfer_group") ? a.str("transfer_group") || null : undefined);
    set("receipt_email", a.has("receipt_email") ? a.str("receipt_email") || null : undefined);
    set("metadata", a.has("metadata") ? applyMetadata(pi.metadata, p.metadata) : undefined);
    const pm = a.str("payment_method");
    if (pm) {
      set("payment_method", this.resolvePaymentMethod(pm));
      set("status", "requires_confirmation");
    }
    // Stripe has no payment_intent.updated event: updates are silent.
    return c.expand(clone(pi), a) as Stripe.PaymentIntent;
  }

  private resolvePaymentMethod(id: string): string {
    if (this.paymentMethods.has(id)) return id;
    const card = TEST_PAYMENT_METHODS[id];
    if (!card) throw invalid(`No such PaymentMethod: '${id}'`, { code: "resource_missing", param: "payment_method" });
    const pmId = randomId("pm");
    const pm = {
      id: pmId,
      object: "payment_method",
      allow_redisplay: "unspecified",
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
        tax_id: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        display_brand: card.brand,
        exp_month: 12,
        exp_year: new Date(this.now()).getUTCFullYear() + 3,
        fingerprint: randomBytes(8).toString("hex"),
        funding: card.funding,
        generated_from: null,
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        regulated_status: "unregulated",
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: this.nowSeconds(),
      customer: null,
      customer_account: null,
      livemode: false,
      metadata: {},
      type: "card",
    } as unknown as Stripe.PaymentMethod;
    this.paymentMethods.set(pmId, { pm, card });
    return pmId;
  }

  private retrievePaymentMethod(c: Ctx, p: Params, id: string): Stripe.PaymentMethod {
    const a = new Args(p, ALLOWED.retrieve);
    const pm = this.paymentMethods.get(id);
    if (!pm) throw noSuch("PaymentMethod", id, "payment_method");
    return c.expand(clone(pm.pm), a) as Stripe.PaymentMethod;
  }

  private confirmPaymentIntent(c: Ctx, p: Params, id: string): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piConfirm);
    const pi = this.getIntent(c, id);
    if (!CONFIRMABLE.includes(pi.status))
      throw unexpectedState(
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
      );
    const pmParam = a.str("payment_method");
    const pm = pmParam ? this.resolvePaymentMethod(pmParam) : typeof pi.payment_method === "string" ? pi.payment_method : null;
    if (!pm)
      throw unexpectedState(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      );
    const receipt = a.str("receipt_email");
    if (receipt) pi.receipt_email = receipt;
    this.confirmWith(pi, c.scope, pm);
    return c.expand(clone(pi), a) as Stripe.PaymentIntent;
  }

  /** Runs a confirmation with a PaymentMethod; a decline throws the 402 after recording the failure. */
  private confirmWith(pi: Stripe.PaymentIntent, scope: Scope, pmId: string): void {
    const { card } = this.paymentMethods.get(pmId)!;
    pi.payment_method = pmId;
    if (card.outcome === "decline") {
      const error = this.decline(pi, scope, pmId, card.code!, card.declineCode!, card.message!);
      throw new StripeFakeError(402, { ...error, payment_intent: clone(pi), payment_method: clone(this.paymentMethods.get(pmId)!.pm) });
    }
    if (card.outcome === "requires_action") {
      pi.status = "requires_action";
      pi.next_action = {
        type: "use_stripe_sdk",
        use_stripe_sdk: {
          type: "three_d_secure_redirect",
          stripe_js: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${pi.id}`,
        },
      } as Stripe.PaymentIntent.NextAction;
      this.emit("payment_intent.requires_action", clone(pi), { scope });
      return;
    }
    this.pay(pi, scope, pmId, card.bypassPending ? "available" : undefined);
  }

  /** The money part of a successful payment: the charge, the balance, the events (and the destination charge's transfer). */
  private pay(pi: Stripe.PaymentIntent, scope: Scope, pmId: string, funds?: "available" | "pending"): void {
    const manual = pi.capture_method === "manual";
    const charge = this.newCharge(pi, scope, pmId, "succeeded");
    charge.captured = !manual;
    charge.amount_captured = manual ? 0 : pi.amount;
    pi.latest_charge = charge.id;
    pi.last_payment_error = null;
    pi.next_action = null;
    pi.payment_method = pmId;
    this.emit("charge.succeeded", clone(charge), { scope });
    if (manual) {
      pi.status = "requires_capture";
      pi.amount_capturable = pi.amount;
      this.chargeFunds.set(charge.id, { pending: true, transferred: 0 });
      this.emit("payment_intent.amount_capturable_updated", clone(pi), { scope });
      return;
    }
    this.capture(pi, scope, charge, pi.amount, funds);
  }

  private capture(pi: Stripe.PaymentIntent, scope: Scope, charge: Stripe.Charge, amount: number, funds?: "available" | "pending"): void {
    const pending = (funds ?? this.options.fundsAvailability ?? "available") === "pending";
    const fee = this.options.fee?.(amount, pi.currency) ?? 0;
    const b = this.bucket(scope, pi.currency);
    if (pending) b.pending += amount - fee;
    else b.available += amount - fee;
    charge.captured = true;
    charge.amount_captured = amount;
    charge.balance_transaction = this.balanceTransaction(scope, {
      amount,
      currency: pi.currency,
      fee,
      type: "charge",
      source: charge.id,
      pending,
      description: pi.description,
    });
    this.chargeFunds.set(charge.id, { pending, transferred: 0 });
    pi.status = "succeeded";
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    if (pi.transfer_data) {
      const destination = typeof pi.transfer_data.destination === "string" ? pi.transfer_data.destination : pi.transfer_data.destination.id;
      const tAmount = Math.min(pi.transfer_data.amount ?? amount, amount);
      const transfer = this.makeTransfer(scope, {
        amount: tAmount,
        currency: pi.currency,
        destination,
        transfer_group: pi.transfer_group,
        source_transaction: charge.id,
        description: null,
        metadata: {},
      });
      charge.transfer = transfer.id;
      charge.transfer_data = { amount: pi.transfer_data.amount ?? null, destination };
    }
    this.emit("payment_intent.succeeded", clone(pi), { scope });
  }

  private newCharge(
    pi: Stripe.PaymentIntent,
    scope: Scope,
    pmId: string,
    status: "succeeded" | "failed",
    failure?: { code: string; declineCode: string; message: string },
  ): Stripe.Charge {
    const { pm, card } = this.paymentMethods.get(pmId)!;
    const id = randomId("ch");
    const charge: Stripe.Charge = {
      id,
      object: "charge",
      amount: pi.amount,
      amount_captured: 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: pi.application_fee_amount,
      balance_transaction: null,
      billing_details: pm.billing_details,
      calculated_statement_descriptor: pi.statement_descriptor ?? "STRIPE FAKE",
      captured: false,
      created: this.nowSeconds(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      fraud_details: {},
      livemode: false,
      metadata: clone(pi.metadata),
      on_behalf_of: pi.on_behalf_of,
      outcome: failure
        ? {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: "declined_by_network",
            reason: failure.declineCode,
            risk_level: "normal",
            risk_score: 25,
            seller_message: "The bank did not return any further details with this decline.",
            type: "issuer_declined",
          }
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: "approved_by_network",
            reason: null,
            risk_level: "normal",
            risk_score: 25,
            seller_message: "Payment complete.",
            type: "authorized",
          },
      paid: status === "succeeded",
      payment_intent: pi.id,
      payment_method: pmId,
      payment_method_details: {
        card: {
          brand: card.brand,
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
          country: "US",
          exp_month: pm.card?.exp_month ?? 12,
          exp_year: pm.card?.exp_year ?? 2030,
          funding: card.funding,
          last4: card.last4,
          network: card.brand,
          three_d_secure: null,
          wallet: null,
        },
        type: "card",
      } as unknown as Stripe.Charge.PaymentMethodDetails,
      receipt_email: pi.receipt_email,
      receipt_number: null,
      receipt_url: `https://pay.stripe.com/receipts/payment/${randomBytes(16).toString("hex")}`,
      refunded: false,
      refunds: { object: "list", data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: pi.statement_descriptor,
      statement_descriptor_suffix: pi.statement_descriptor_suffix,
      status,
      transfer_data: null,
      transfer_group: pi.transfer_group,
    };
    this.chargeStore.set(id, { obj: charge, scope });
    return charge;
  }

  /** Records a decline on the PaymentIntent (failed charge, last_payment_error, events) and returns the error body. */
  private decline(
    pi: Stripe.PaymentIntent,
    scope: Scope,
    pmId: string,
    code: string,
    declineCode: string,
    message: string,
  ): StripeErrorBody {
    const charge = this.newCharge(pi, scope, pmId, "failed", { code, declineCode, message });
    const error: StripeErrorBody = {
      type: "card_error",
      code,
      decline_code: declineCode,
      doc_url: docUrl(code),
      message,
      charge: charge.id,
      advice_code: declineCode === "insufficient_funds" ? "try_again_later" : "do_not_try_again",
    };
    pi.status = "requires_payment_method";
    pi.latest_charge = charge.id;
    pi.next_action = null;
    pi.last_payment_error = {
      ...error,
      payment_method: clone(this.paymentMethods.get(pmId)!.pm),
      type: "card_error",
    } as Stripe.PaymentIntent.LastPaymentError;
    pi.payment_method = null;
    this.emit("charge.failed", clone(charge), { scope });
    this.emit("payment_intent.payment_failed", clone(pi), { scope });
    return error;
  }

  private cancelPaymentIntent(c: Ctx, p: Params, id: string): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piCancel);
    const reason = a.oneOf("cancellation_reason", ["abandoned", "duplicate", "fraudulent", "requested_by_customer"] as const) ?? null;
    const pi = this.getIntent(c, id);
    if (!CANCELABLE.includes(pi.status))
      throw unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      );
    if (pi.status === "requires_capture" && typeof pi.latest_charge === "string") {
      const charge = this.chargeStore.get(pi.latest_charge)!.obj;
      charge.refunded = true;
      charge.amount_refunded = charge.amount;
    }
    pi.status = "canceled";
    pi.canceled_at = this.nowSeconds();
    pi.cancellation_reason = reason;
    pi.amount_capturable = 0;
    pi.next_action = null;
    this.emit("payment_intent.canceled", clone(pi), { scope: c.scope });
    return c.expand(clone(pi), a) as Stripe.PaymentIntent;
  }

  private capturePaymentIntent(c: Ctx, p: Params, id: string): Stripe.PaymentIntent {
    const a = new Args(p, ALLOWED.piCapture);
    const pi = this.getIntent(c, id);
    if (pi.status !== "requires_capture")
      throw unexpectedState(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      );
    const amount = a.int("amount_to_capture", { min: 1 }) ?? pi.amount_capturable;
    if (amount > pi.amount_capturable)
      throw invalid(`The amount_to_capture (${amount}) is greater than the amount_capturable (${pi.amount_capturable}).`, {
        code: "amount_too_large",
        param: "amount_to_capture",
      });
    pi.metadata = applyMetadata(pi.metadata, p.metadata);
    const charge = this.chargeStore.get(pi.latest_charge as string)!.obj;
    this.capture(pi, c.scope, charge, amount);
    if (amount < charge.amount) {
      charge.amount_refunded = charge.amount - amount;
    }
    this.emit("charge.captured", clone(charge), { scope: c.scope });
    return c.expand(clone(pi), a) as Stripe.PaymentIntent;
  }

  /**
   * The customer pays (as Stripe.js confirming with a test card would): the PaymentIntent succeeds (or, with
   * manual capture, waits in requires_capture), a charge is made and the balance credited. Returns
   * `payment_intent.succeeded` (`payment_intent.amount_capturable_updated` for manual capture).
   */
  succeed(
    paymentIntentId: string,
    o: { funds?: "available" | "pending"; paymentMethod?: string } = {},
  ): Stripe.PaymentIntentSucceededEvent {
    const scope = this.intentScope(paymentIntentId);
    const pi = this.getIntent({ scope }, paymentIntentId);
    if (!CONFIRMABLE.includes(pi.status) && pi.status !== "processing")
      throw unexpectedState(`This PaymentIntent has a status of ${pi.status} and cannot succeed.`);
    const pm = this.resolvePaymentMethod(o.paymentMethod ?? (typeof pi.payment_method === "string" ? pi.payment_method : "pm_card_visa"));
    this.pay(pi, scope, pm, o.funds);
    this.scheduleDelivery();
    return clone(this.eventList[this.eventList.length - 1]!) as Stripe.PaymentIntentSucceededEvent;
  }

  /** The customer's payment is declined (default `generic_decline`); returns `payment_intent.payment_failed`. */
  fail(paymentIntentId: string, o: { declineCode?: string; code?: string } = {}): Stripe.PaymentIntentPaymentFailedEvent {
    const scope = this.intentScope(paymentIntentId);
    const pi = this.getIntent({ scope }, paymentIntentId);
    if (!CONFIRMABLE.includes(pi.status) && pi.status !== "processing")
      throw unexpectedState(`This PaymentIntent has a status of ${pi.status} and cannot fail.`);
    const declineCode = o.declineCode ?? "generic_decline";
    const pm = typeof pi.payment_method === "string" ? pi.payment_method : this.resolvePaymentMethod("pm_card_chargeDeclined");
    this.decline(
      pi,
      scope,
      pm,
      o.code ??
        (declineCode === "expired_card" || declineCode === "incorrect_cvc" || declineCode === "processing_error"
          ? declineCode
          : "card_declined"),
      declineCode,
      DECLINE_MESSAGES[declineCode] ?? "Your card was declined.",
    );
    this.scheduleDelivery();
    return clone(this.eventList[this.eventList.length - 1]!) as Stripe.PaymentIntentPaymentFailedEvent;
  }

  /** A copy of a PaymentIntent, whatever account it is on. */
  paymentIntent(id: string): Stripe.PaymentIntent | undefined {
    const s = this.piStore.get(id);
    return s ? clone(s.obj) : undefined;
  }
  charge(id: string): Stripe.Charge | undefined {
    const s = this.chargeStore.get(id);
    return s ? clone(s.obj) : undefined;
  }

  // ─────────────────────────────── refunds ───────────────────────────────

  private createRefund(c: Ctx, p: Params): Stripe.Refund {
    const a = new Args(p, ALLOWED.refundCreate);
    const piId = a.str("payment_intent");
    const chargeId = a.str("charge");
    if (piId && chargeId)
      throw paramError("You may only specify one of these parameters: charge, payment_intent.", "payment_intent", "parameters_exclusive");
    if (!piId && !chargeId)
      throw paramError(
        "One of the following params should be provided for this request: payment_intent or charge.",
        "payment_intent",
        "parameter_missing",
      );
    const amountParam = a.int("amount", { min: 1 });
    const reason = a.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null;
    const reverseTransfer = a.bool("reverse_transfer") ?? false;
    const metadata = applyMetadata({}, p.metadata);
    let charge: Stripe.Charge;
    if (piId) {
      const pi = this.getIntent(c, piId);
      const ch = typeof pi.latest_charge === "string" ? this.chargeStore.get(pi.latest_charge)?.obj : undefined;
      if (!ch || ch.status !== "succeeded" || !ch.captured)
        throw invalid(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, { param: "payment_intent" });
      charge = ch;
    } else {
      const s = this.chargeStore.get(chargeId!);
      if (!s || s.scope !== c.scope) throw noSuch("charge", chargeId!, "charge", 400);
      charge = s.obj;
      if (charge.status !== "succeeded" || !charge.captured)
        throw invalid(`Charge ${charge.id} has not been captured, so it cannot be refunded.`, { param: "charge" });
    }
    // amount_refunded also counts what a partial capture released, so what is left is amount − amount_refunded.
    const left = charge.amount - charge.amount_refunded;
    if (left <= 0)
      throw invalid(`Charge ${charge.id} has already been refunded.`, {
        code: "charge_already_refunded",
        param: piId ? "payment_intent" : "charge",
      });
    const amount = amountParam ?? left;
    if (amount > left)
      throw invalid(
        charge.amount_refunded === 0
          ? `Refund amount (${formatAmount(amount, charge.currency)}) is greater than charge amount (${formatAmount(charge.amount_captured, charge.currency)})`
          : `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, charge.currency)})`,
        { code: "amount_too_large", param: "amount" },
      );
    const id = randomId("re");
    const refund: Stripe.Refund = {
      id,
      object: "refund",
      amount,
      balance_transaction: null,
      charge: charge.id,
      created: this.nowSeconds(),
      currency: charge.currency,
      customer: null,
      customer_account: null,
      destination_details: {
        card: { reference: null, reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
        type: "card",
      } as unknown as Stripe.Refund.DestinationDetails,
      metadata,
      payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : null,
      payment_method: charge.payment_method,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "pending",
      transfer_reversal: null,
    };
    this.refundStore.set(id, { obj: refund, scope: c.scope });
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    if (!this.trySettleRefund(refund, c.scope)) {
      refund.pending_reason = "insufficient_funds";
    }
    if (reverseTransfer && typeof charge.transfer === "string") {
      const t = this.transferStore.get(charge.transfer)!.obj;
      const reverse = Math.min(t.amount - t.amount_reversed, Math.floor((amount * t.amount) / charge.amount_captured));
      if (reverse > 0) refund.transfer_reversal = this.reverseTransfer(t, c.scope, reverse, id).id;
    }
    this.emit("refund.created", clone(refund), { scope: c.scope });
    this.emit("charge.refunded", clone(charge), { previous, scope: c.scope });
    return c.expand(clone(refund), a) as Stripe.Refund;
  }

  /** Takes the refund out of the balance (the charge's own pending funds first); false when the balance cannot cover it. */
  private trySettleRefund(refund: Stripe.Refund, scope: Scope): boolean {
    const b = this.bucket(scope, refund.currency);
    const funds = typeof refund.charge === "string" ? this.chargeFunds.get(refund.charge) : undefined;
    if (funds?.pending && b.pending >= refund.amount) b.pending -= refund.amount;
    else if (b.available >= refund.amount) b.available -= refund.amount;
    else return false;
    refund.status = "succeeded";
    delete refund.pending_reason;
    refund.balance_transaction = this.balanceTransaction(scope, {
      amount: -refund.amount,
      currency: refund.currency,
      type: "refund",
      source: refund.id,
    });
    return true;
  }

  private settlePendingRefunds(): void {
    for (const { obj: refund, scope } of this.refundStore.values()) {
      if (refund.status !== "pending") continue;
      const previous = { status: refund.status, pending_reason: refund.pending_reason };
      if (this.trySettleRefund(refund, scope)) {
        this.emit("refund.updated", clone(refund), { previous, scope });
        this.emit("charge.refund.updated", clone(refund), { previous, scope });
      }
    }
  }

  /** The refund fails (as when the card was closed): the money comes back to the balance; returns `refund.failed`. */
  failRefund(refundId: string, failureReason = "expired_or_canceled_card"): Stripe.RefundFailedEvent {
    const s = this.refundStore.get(refundId);
    if (!s) throw noSuch("refund", refundId);
    const refund = s.obj;
    if (refund.status !== "succeeded" && refund.status !== "pending")
      throw invalid(`Refund ${refundId} has a status of ${refund.status} and cannot fail.`);
    const previous = { status: refund.status };
    if (refund.status === "succeeded") {
      this.bucket(s.scope, refund.currency).available += refund.amount;
      refund.failure_balance_transaction = this.balanceTransaction(s.scope, {
        amount: refund.amount,
        currency: refund.currency,
        type: "refund_failure",
        source: refund.id,
      });
    }
    refund.status = "failed";
    refund.failure_reason = failureReason;
    delete refund.pending_reason;
    const charge = this.chargeStore.get(refund.charge as string)!.obj;
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
    this.emit("refund.updated", clone(refund), { previous, scope: s.scope });
    const event = this.emit("refund.failed", clone(refund), { previous, scope: s.scope });
    this.scheduleDelivery();
    return event;
  }

  refund(id: string): Stripe.Refund | undefined {
    const s = this.refundStore.get(id);
    return s ? clone(s.obj) : undefined;
  }

  // ─────────────────────────────── transfers ───────────────────────────────

  private createTransfer(c: Ctx, p: Params): Stripe.Transfer {
    const a = new Args(p, ALLOWED.transferCreate);
    const amount = a.int("amount", { required: true, min: 1 })!;
    const currency = a.currency()!;
    const destination = a.req("destination");
    const sourceTransaction = a.str("source_transaction");
    const transferGroup = a.str("transfer_group") ?? null;
    const description = a.str("description") ?? null;
    const metadata = applyMetadata({}, p.metadata);
    this.requireDestination(destination, "destination");
    if (destination === c.scope) throw invalid("You cannot transfer to the account the request is made on.", { param: "destination" });
    let funds: ChargeFunds | undefined;
    if (sourceTransaction) {
      const s = this.chargeStore.get(sourceTransaction);
      if (!s || s.scope !== c.scope) throw noSuch("charge", sourceTransaction, "source_transaction", 400);
      const charge = s.obj;
      if (charge.status !== "succeeded" || !charge.captured)
        throw invalid(`The source transaction ${sourceTransaction} has not succeeded, so it cannot fund a transfer.`, {
          param: "source_transaction",
        });
      if (charge.currency !== currency)
        throw invalid(
          `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the transfer currency (${currency})`,
          { param: "currency", code: "transfer_source_balance_parameters_mismatch" },
        );
      funds = this.chargeFunds.get(charge.id)!;
      const left = charge.amount - charge.amount_refunded - funds.transferred;
      if (amount > left)
        throw invalid(
          `Transfer amount (${formatAmount(amount, currency)}) exceeds what is left of the source transaction ${sourceTransaction} (${formatAmount(Math.max(0, left), currency)}).`,
          { param: "amount", code: "amount_too_large" },
        );
    }
    const b = this.bucket(c.scope, currency);
    if (!(funds?.pending && b.pending >= amount) && b.available < amount)
      throw invalid(
        "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance). In test mode, you can add funds to your available balance (bypassing your pending balance) by creating a charge with 4000 0000 0000 0077 as the card number.",
        { code: "balance_insufficient" },
      );
    const transfer = this.makeTransfer(c.scope, {
      amount,
      currency,
      destination,
      transfer_group: transferGroup,
      source_transaction: sourceTransaction ?? null,
      description,
      metadata,
    });
    return c.expand(clone(transfer), a) as Stripe.Transfer;
  }

  private makeTransfer(
    scope: Scope,
    o: {
      amount: number;
      currency: string;
      destination: string;
      transfer_group: string | null;
      source_transaction: string | null;
      description: string | null;
      metadata: Record<string, string>;
    },
  ): Stripe.Transfer {
    const b = this.bucket(scope, o.currency);
    const funds = o.source_transaction ? this.chargeFunds.get(o.source_transaction) : undefined;
    if (funds?.pending && b.pending >= o.amount) b.pending -= o.amount;
    else b.available -= o.amount;
    if (funds) funds.transferred += o.amount;
    this.bucket(o.destination, o.currency).available += o.amount;
    const id = randomId("tr");
    const transfer: Stripe.Transfer = {
      id,
      object: "transfer",
      amount: o.amount,
      amount_reversed: 0,
      balance_transaction: null,
      created: this.nowSeconds(),
      currency: o.currency,
      description: o.description,
      destination: o.destination,
      destination_payment: randomId("py"),
      livemode: false,
      metadata: o.metadata,
      reversals: { object: "list", data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
      reversed: false,
      source_transaction: o.source_transaction,
      source_type: "card",
      transfer_group: o.transfer_group,
    };
    transfer.balance_transaction = this.balanceTransaction(scope, {
      amount: -o.amount,
      currency: o.currency,
      type: "transfer",
      source: id,
      description: o.description,
    });
    this.transferStore.set(id, { obj: transfer, scope });
    this.emit("transfer.created", clone(transfer), { scope });
    return transfer;
  }

  private reverseTransfer(t: Stripe.Transfer, scope: Scope, amount: number, refundId: string | null): Stripe.TransferReversal {
    const reversal: Stripe.TransferReversal = {
      id: randomId("trr"),
      object: "transfer_reversal",
      amount,
      balance_transaction: null,
      created: this.nowSeconds(),
      currency: t.currency,
      destination_payment_refund: randomId("pyr"),
      metadata: {},
      source_refund: refundId,
      transfer: t.id,
    };
    const destination = t.destination as string;
    this.bucket(destination, t.currency).available -= amount;
    this.bucket(scope, t.currency).available += amount;
    reversal.balance_transaction = this.balanceTransaction(scope, {
      amount,
      currency: t.currency,
      type: "transfer_cancel",
      source: reversal.id,
    });
    const previous = { amount_reversed: t.amount_reversed, reversed: t.reversed };
    t.amount_reversed += amount;
    t.reversed = t.amount_reversed >= t.amount;
    t.reversals.data.push(reversal);
    this.emit("transfer.reversed", clone(t), { previous, scope });
    return reversal;
  }

  transfer(id: string): Stripe.Transfer | undefined {
    const s = this.transferStore.get(id);
    return s ? clone(s.obj) : undefined;
  }

  /** Money by transfer group (charged, refunded, transferred), per currency: a reading aid, Stripe has no such object. */
  transferGroup(group: string): Record<string, { charged: number; refunded: number; transferred: number }> {
    const out: Record<string, { charged: number; refunded: number; transferred: number }> = {};
    const row = (cur: string) => (out[cur] ??= { charged: 0, refunded: 0, transferred: 0 });
    for (const { obj } of this.chargeStore.values())
      if (obj.transfer_group === group && obj.status === "succeeded") {
        row(obj.currency).charged += obj.amount_captured;
        row(obj.currency).refunded += obj.amount_refunded;
      }
    for (const { obj } of this.transferStore.values())
      if (obj.transfer_group === group) row(obj.currency).transferred += obj.amount - obj.amount_reversed;
    return out;
  }

  // ─────────────────────────────── generic retrieval, expansion, events ───────────────────────────────

  private retrieveScoped<T>(c: Ctx, p: Params, map: Map<string, Stored<T>>, id: string, kind: string): T {
    const a = new Args(p, ALLOWED.retrieve);
    const s = map.get(id);
    if (!s || s.scope !== c.scope) throw noSuch(kind, id);
    return c.expand(clone(s.obj), a) as T;
  }

  /** Any object the fake holds, by id. */
  find(id: string): unknown {
    const scoped = [this.piStore, this.chargeStore, this.refundStore, this.transferStore, this.balanceTransactions] as Map<
      string,
      Stored<unknown>
    >[];
    for (const m of scoped) if (m.has(id)) return clone(m.get(id)!.obj);
    const direct = this.accountStore.get(id) ?? this.paymentMethods.get(id)?.pm ?? this.eventIndex.get(id);
    return direct ? clone(direct) : undefined;
  }

  private expand(obj: unknown, paths: string[], scope: Scope): unknown {
    for (const path of paths) this.expandPath(obj, path.split("."), scope);
    return obj;
  }

  private expandPath(obj: unknown, path: string[], scope: Scope): void {
    if (!obj || typeof obj !== "object" || !path.length) return;
    const o = obj as Params;
    const [head, ...rest] = path as [string, ...string[]];
    if (head === "data" && Array.isArray(o.data)) {
      for (const item of o.data) this.expandPath(item, rest, scope);
      return;
    }
    if (typeof o[head] === "string") {
      const found = this.find(o[head]);
      const stored = [this.piStore, this.chargeStore, this.refundStore, this.transferStore, this.balanceTransactions].find((m) =>
        (m as Map<string, Stored<unknown>>).has(o[head] as string),
      );
      const sameScope = !stored || (stored as Map<string, Stored<unknown>>).get(o[head] as string)!.scope === scope;
      if (found === undefined || !sameScope)
        throw invalid(`This property cannot be expanded (${path.join(".")}).`, { param: "expand", saved: false });
      o[head] = found;
    }
    this.expandPath(o[head], rest, scope);
  }

  private retrieveEvent(c: Ctx, p: Params, id: string): Stripe.Event {
    new Args(p, ALLOWED.retrieve);
    const e = this.eventIndex.get(id);
    // The platform sees its connected accounts' events too; a connected account only its own.
    if (!e || (c.scope && e.account !== c.scope)) throw noSuch("event", id);
    return clone(e);
  }

  private listEvents(c: Ctx, p: Params): Stripe.ApiList<Stripe.Event> {
    const a = new Args(p, ALLOWED.eventList);
    const limit = a.int("limit", { min: 1 }) ?? 10;
    if (limit > 100) throw paramError("This value must be less than or equal to 100.", "limit", "parameter_invalid_integer");
    const type = a.str("type");
    const types = a.strings("types");
    let list = [...this.eventList].reverse().filter((e) => (e.account ?? PLATFORM) === c.scope || (!c.scope && e.account));
    if (type) list = list.filter((e) => (type.endsWith("*") ? e.type.startsWith(type.slice(0, -1)) : e.type === type));
    if (types) list = list.filter((e) => types.includes(e.type));
    const after = a.str("starting_after");
    if (after) {
      const i = list.findIndex((e) => e.id === after);
      if (i < 0) throw noSuch("event", after, "starting_after", 400);
      list = list.slice(i + 1);
    }
    return { object: "list", data: clone(list.slice(0, limit)), has_more: list.length > limit, url: "/v1/events" };
  }

  // ─────────────────────────────── control endpoints ───────────────────────────────

  /** Empties the fake (objects, balances, events, idempotency keys, webhook endpoints). */
  reset(): void {
    this.accountStore.clear();
    this.piStore.clear();
    this.chargeStore.clear();
    this.chargeFunds.clear();
    this.paymentMethods.clear();
    this.refundStore.clear();
    this.transferStore.clear();
    this.balanceTransactions.clear();
    this.balances.clear();
    this.eventList = [];
    this.eventIndex.clear();
    this.links.clear();
    this.idempotency.clear();
    this.webhookEndpoints = [];
    this.deliveryQueue = [];
    this.deliveries.length = 0;
    this.offsetMs = 0;
  }

  /** Counts and balances, for debugging a test. */
  state(): { counts: Record<string, number>; balances: Record<string, Stripe.Balance> } {
    const balances: Record<string, Stripe.Balance> = {};
    for (const scope of this.balances.keys()) balances[scope || "platform"] = this.balance(scope || undefined);
    return {
      counts: {
        accounts: this.accountStore.size,
        payment_intents: this.piStore.size,
        charges: this.chargeStore.size,
        refunds: this.refundStore.size,
        transfers: this.transferStore.size,
        events: this.eventList.length,
        idempotency_keys: this.idempotency.size,
      },
      balances,
    };
  }

  /**
   * `/__fake/…`: drives the fake from another process. POST bodies may be JSON or form-encoded. Answers are JSON
   * (the event for state changes); webhooks are delivered before the answer, so the app has seen them.
   */
  private async control(request: Request, url: URL): Promise<Response> {
    const json = (body: unknown, status = 200) =>
      new Response(JSON.stringify(body, null, 2), { status, headers: { "Content-Type": "application/json" } });
    try {
      const method = request.method.toUpperCase();
      const path = url.pathname.slice("/__fake".length);
      const text = method === "GET" ? "" : await request.text();
      const body: Params = text.trim().startsWith("{") ? (JSON.parse(text) as Params) : parseStripeForm(text);
      const q = Object.fromEntries(url.searchParams);
      const num = (v: unknown, name: string) => {
        const n = typeof v === "number" ? v : readInt(v, name, { required: true });
        if (n === undefined || !Number.isSafeInteger(n))
          throw paramError(`Invalid integer: ${String(v)}`, name, "parameter_invalid_integer");
        return n;
      };
      const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
      let m: RegExpExecArray | null;
      let result: unknown;
      if (method === "GET" && (m = /^\/account_links\/([a-f0-9]+)$/.exec(path))) {
        const visit = this.visitAccountLink(m[1]!);
        await this.flushWebhooks();
        if (visit.location) return new Response(null, { status: 303, headers: { Location: visit.location } });
        return new Response(
          `<!doctype html><title>Stripe fake</title><p>${visit.event ? "Onboarding complete" : "This link has expired"}.</p>`,
          { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
        );
      } else if (method === "POST" && (m = /^\/payment_intents\/([A-Za-z0-9_]+)\/succeed$/.exec(path))) {
        const funds = str(body.funds);
        result = this.succeed(m[1]!, {
          funds: funds === "pending" ? "pending" : funds === "available" ? "available" : undefined,
          paymentMethod: str(body.payment_method),
        });
      } else if (method === "POST" && (m = /^\/payment_intents\/([A-Za-z0-9_]+)\/fail$/.exec(path))) {
        result = this.fail(m[1]!, { declineCode: str(body.decline_code), code: str(body.code) });
      } else if (method === "POST" && (m = /^\/accounts\/([A-Za-z0-9_]+)\/complete_onboarding$/.exec(path))) {
        result = this.completeOnboarding(m[1]!);
      } else if (method === "POST" && (m = /^\/accounts\/([A-Za-z0-9_]+)\/capabilities\/([a-z_]+)$/.exec(path))) {
        const status = str(body.status);
        if (status !== "active" && status !== "inactive" && status !== "pending")
          throw paramError("Invalid status: must be one of active, inactive, pending", "status");
        result = this.setCapability(m[1]!, m[2]!, status);
      } else if (method === "POST" && (m = /^\/refunds\/([A-Za-z0-9_]+)\/fail$/.exec(path))) {
        result = this.failRefund(m[1]!, str(body.failure_reason));
      } else if (method === "POST" && path === "/balance/top_up") {
        result = this.topUp(str(body.currency) ?? this.platformCurrency(), num(body.amount, "amount"), str(body.account));
      } else if (method === "POST" && path === "/balance/make_available") {
        result = this.makeFundsAvailable();
      } else if (method === "GET" && path === "/balance") {
        result = this.balance(q.account || undefined);
      } else if (method === "POST" && path === "/time/advance") {
        this.advanceTime(num(body.seconds, "seconds"));
        result = { now: this.nowSeconds() };
      } else if (method === "GET" && path === "/events") {
        result = { object: "list", data: this.events({ type: q.type }) };
      } else if (method === "GET" && (m = /^\/objects\/([A-Za-z0-9_]+)$/.exec(path))) {
        result = this.find(m[1]!);
        if (result === undefined) throw noSuch("object", m[1]!);
      } else if (method === "POST" && path === "/webhook_endpoints") {
        const target = str(body.url);
        const secret = str(body.secret);
        if (!target || !secret) throw paramError("Missing required param: url and secret.", "url", "parameter_missing");
        const kind = str(body.kind);
        this.addWebhookEndpoint({ url: target, secret, kind: kind === "account" || kind === "connect" ? kind : "both" });
        result = { url: target, kind: kind ?? "both" };
      } else if (method === "DELETE" && path === "/webhook_endpoints") {
        this.removeWebhookEndpoints();
        result = { deleted: true };
      } else if (method === "POST" && path === "/webhooks/flush") {
        result = { object: "list", data: await this.flushWebhooks() };
      } else if (method === "GET" && path === "/webhooks/deliveries") {
        result = { object: "list", data: this.deliveries };
      } else if (method === "POST" && path === "/reset") {
        this.reset();
        result = { reset: true };
      } else if (method === "GET" && path === "/state") {
        result = this.state();
      } else {
        throw invalid(`Unrecognized fake control URL (${method}: ${url.pathname}).`, { status: 404 });
      }
      await this.flushWebhooks();
      return json(result);
    } catch (e) {
      const err = this.asFakeError(e);
      return json({ error: err.error }, err.status);
    }
  }
}

// ───────────────────────────────────────────── server ─────────────────────────────────────────────

export interface StripeFakeServer {
  url: string;
  host: string;
  port: number;
  protocol: "http";
  fake: StripeFake;
  close(): Promise<void>;
}

/**
 * Serves `fake` on 127.0.0.1 at a free port (or `options.port`). Point the SDK at it with
 * `{ host, port, protocol: "http" }`; drive it with `POST {url}/__fake/…`. AccountLink urls then point at the
 * server, so a browser following one completes onboarding and lands on return_url.
 */
export async function startStripeFakeServer(
  fake: StripeFake = new StripeFake(),
  options: { port?: number } = {},
): Promise<StripeFakeServer> {
  const server = createServer((req, res) => {
    void forward(fake, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  fake.publicUrl ??= url;
  return {
    url,
    host: "127.0.0.1",
    port,
    protocol: "http",
    fake,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function forward(fake: StripeFake, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
    }
    const method = req.method ?? "GET";
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" || !chunks.length ? undefined : Buffer.concat(chunks),
    });
    const response = await fake.handle(request);
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), "Content-Length": String(body.length) });
    res.end(body);
  } catch (e) {
    res.writeHead(500, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        error: { type: "api_error", message: `The Stripe fake server failed: ${e instanceof Error ? e.message : String(e)}` },
      }),
    );
  }
}
