import { notFound } from "~/web/guards.server";

export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
