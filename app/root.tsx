import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { DEFAULT_LOCALE, translate } from "~/i18n";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from "@remix-run/react";
import { useContext, type ReactNode } from "react";
import { ActionForm } from "~/components/form";
import { NonceContext, useLocale, useT, useViewer } from "~/lib/i18n-react";
import type { RootData } from "~/lib/root-data";
import { mayManageRegulators } from "~/modules/identity/accounts.server";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The default title; pages set their own. Error pages (404) keep this one.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translate(data?.locale ?? DEFAULT_LOCALE, "app.fullName") }];

export async function loader({ context }: LoaderFunctionArgs): Promise<RootData> {
  const v = context.viewer;
  return {
    locale: context.locale,
    viewer: v
      ? {
          name: v.name,
          orgKind: v.org?.kind ?? null,
          orgName: v.org?.name ?? null,
          role: v.role,
          isSiteAdmin: v.isSiteAdmin,
          mayManageRegulators: mayManageRegulators(v),
        }
      : null,
  };
}

function Header() {
  const t = useT();
  const viewer = useViewer();
  const location = useLocation();
  const here = location.pathname + location.search;
  const links: { to: string; label: string }[] = [
    { to: "/", label: t("nav.home") },
    { to: "/projects", label: t("nav.projects") },
    { to: "/agencies", label: t("nav.agencies") },
    { to: "/services", label: t("nav.services") },
    { to: "/blacklist", label: t("nav.blacklist") },
  ];
  if (viewer) {
    if (viewer.orgKind === "agency") links.push({ to: "/agency", label: t("nav.dashboard") });
    if (viewer.orgKind === "owner") links.push({ to: "/owner", label: t("nav.ownerDashboard") });
    if (viewer.orgKind === "regulator") {
      // Every queue and tool is one click away on the console.
      links.push({ to: "/regulator", label: t("nav.console") });
    }
    links.push({ to: "/account", label: t("nav.account") });
    if (viewer.orgKind) links.push({ to: "/account/members", label: t("nav.members") });
    if (viewer.mayManageRegulators) links.push({ to: "/regulator/offices", label: t("nav.regulators") });
  }
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" title={t("app.fullName")}>
          <span className="brand-mark" aria-hidden="true">
            中
          </span>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to} end prefetch="intent">
                  {l.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <ActionForm action="/lang" hidden={{ locale: t.locale === "en" ? "zh-CN" : "en", redirectTo: here }} className="inline-form">
            <button
              type="submit"
              className="button button-ghost"
              lang={t.locale === "en" ? "zh-CN" : "en"}
              aria-label={`${t("nav.language")}: ${t("nav.switchTo")}`}
            >
              {t("nav.switchTo")}
            </button>
          </ActionForm>
          {viewer ? (
            <>
              <span className="viewer-name" title={viewer.orgName ?? undefined}>
                {t("nav.signedInAs", { name: viewer.name })}
                {viewer.orgKind && <span className="badge">{t(`role.${viewer.orgKind}`)}</span>}
              </span>
              <ActionForm action="/logout" className="inline-form">
                <button type="submit" className="button button-ghost">
                  {t("nav.logout")}
                </button>
              </ActionForm>
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="button button-ghost">
                {t("nav.login")}
              </Link>
              <Link to="/signup" className="button button-primary">
                {t("nav.signup")}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useContext(NonceContext);
  const locale = useLocale();
  const t = useT();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("nav.skip")}
        </a>
        <Header />
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t("footer.about")}</p>
            <p className="footer-links">
              <Link to="/credit">{t("credit.how")}</Link> · <Link to="/reviews/how">{t("reviews.how")}</Link> ·{" "}
              <Link to="/blacklist">{t("blacklist.title")}</Link> · <Link to="/complaints">{t("complaints.title")}</Link> ·{" "}
              <Link to="/cases">{t("case.public")}</Link> · <Link to="/stats">{t("stats.title")}</Link> ·{" "}
              <Link to="/open-data">{t("openData.title")}</Link>
            </p>
            <p>{t("footer.timezone")}</p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  // A body refused by its limits (413) or that was not a form (400): say so, and that nothing was saved.
  const refused = isRouteErrorResponse(error) ? ({ 413: "tooLarge", 400: "badForm" } as Record<number, string>)[error.status] : undefined;
  // The database connection was lost while the page was read or a form handled (unavailable.server.ts).
  if (isRouteErrorResponse(error) && error.status === 503) {
    const during = (error.data as { unavailable?: unknown } | null)?.unavailable === "write" ? "write" : "read";
    return (
      <section className="error-page">
        <h1>{t("errors.title")}</h1>
        <p role="alert">{t(during === "write" ? "errors.unavailable" : "errors.unavailable.page")}</p>
        <p>
          <Link to="/">{t("errors.backHome")}</Link>
        </p>
      </section>
    );
  }
  if (refused) {
    return (
      <section className="error-page">
        <h1>{t(`limits.${refused}.title`)}</h1>
        <p>{t(`limits.${refused}.body`)}</p>
        <p>
          <Link to="/">{t("errors.backHome")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>{notFound ? t("errors.notFound") : t("errors.title")}</h1>
      <p>{notFound ? t("errors.notFound.body") : forbidden ? t("errors.forbidden") : t("errors.unexpected")}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
