import { index, route, type RouteConfig } from "@remix-run/route-config";

// The whole URL map, by audience.
export default [
  index("routes/public/home.tsx"),
  route("services", "routes/public/services.tsx"),
  route("signup", "routes/account/signup.tsx"),
  route("login", "routes/account/login.tsx"),
  route("logout", "routes/account/logout.ts"),
  route("lang", "routes/account/lang.ts"),
  route("account", "routes/account/overview.tsx"),
  route("account/members", "routes/account/members.tsx"),
  route("invite/:token", "routes/account/invite.tsx"),
  route("regulator/offices", "routes/regulator/offices.tsx"),
  route("healthz", "routes/api/healthz.ts"),
  route("*", "routes/public/not-found.tsx"),
] satisfies RouteConfig;
