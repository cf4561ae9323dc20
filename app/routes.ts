import { index, route, type RouteConfig } from "@remix-run/route-config";

// The whole URL map, by audience.
export default [
  index("routes/public/home.tsx"),
  route("services", "routes/public/services.tsx"),
  route("agencies", "routes/public/agencies.tsx"),
  route("agencies/:id", "routes/public/agency-profile.tsx"),
  route("api/agencies", "routes/api/agencies.ts"),
  route("agency", "routes/agency/dashboard.tsx"),
  route("agency/profile", "routes/agency/profile-edit.tsx"),
  route("agency/services/:itemId", "routes/agency/service-edit.tsx"),
  route("agency/qualifications/new", "routes/agency/qualification-new.tsx"),
  route("regulator/qualifications", "routes/regulator/qualifications.tsx"),
  route("files/:id", "routes/api/file.ts"),
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
