// The non-Enterprise endpoints the provider reads: users, organizations, templates, buildinfo,
// experiments (BEHAVIOUR.md "Users, organizations, templates, build info", "Experiments").

import { apiError, ok, type Reply, resourceNotFound } from "../http/response";
import { parseUuid } from "../http/uuid";
import type { UserRecord } from "../state/records";
import { actor, isOwner, type RequestContext } from "./context";
import { organizationView, templateView } from "./views";

/** httpmw.ExtractUserParam: "me", a UUID or a username (case-insensitive). */
export function resolveUser(ctx: RequestContext): UserRecord {
  const ref = ctx.params["user"] ?? "";
  if (ref === "") throw apiError(400, '"user" must be provided.');
  if (ref === "me") return actor(ctx);
  const id = parseUuid(ref);
  const user = id.ok ? ctx.store.users.get(id.uuid) : ctx.store.userByUsername(ref);
  if (!user) {
    throw apiError(
      400,
      '"user" must be an existing uuid or username.',
      `queried user=${JSON.stringify(ref)}`,
    );
  }
  return user;
}

export function listOrganizations(ctx: RequestContext): Reply {
  const user = actor(ctx);
  const orgs = [...ctx.store.organizations.values()].filter(
    (o) => isOwner(ctx) || o.memberIds.includes(user.id),
  );
  return ok(orgs.map(organizationView));
}

export function getOrganization(ctx: RequestContext): Reply {
  return ok(organizationView(ctx.organization!));
}

function readableTemplatesOfOrg(ctx: RequestContext) {
  const user = actor(ctx);
  return [...ctx.store.templates.values()]
    .filter((t) => t.organizationId === ctx.organization!.id && ctx.store.canReadTemplate(user, t))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function listOrganizationTemplates(ctx: RequestContext): Reply {
  return ok(readableTemplatesOfOrg(ctx).map((t) => templateView(ctx.store, t)));
}

/** Template names are matched case-insensitively (LOWER(name) = LOWER(@name)). */
export function getTemplateByName(ctx: RequestContext): Reply {
  const name = (ctx.params["templatename"] ?? "").toLowerCase();
  const t = readableTemplatesOfOrg(ctx).find((x) => x.name.toLowerCase() === name);
  if (!t) throw resourceNotFound();
  return ok(templateView(ctx.store, t));
}

export function getTemplate(ctx: RequestContext): Reply {
  return ok(templateView(ctx.store, ctx.template!));
}

/** GET /experiments: the enabled experiments as configured (coderd/experiments.go), `[]` when none. */
export function getExperiments(ctx: RequestContext): Reply {
  return ok([...ctx.core.experiments]);
}

/** GET /buildinfo: unauthenticated. */
export function getBuildInfo(ctx: RequestContext): Reply {
  return ok({
    external_url: "https://github.com/coder/coder",
    version: ctx.core.version,
    dashboard_url: ctx.core.accessUrl,
    telemetry: false,
    workspace_proxy: false,
    agent_api_version: "2.6",
    provisioner_api_version: "1.8",
    upgrade_message: "",
    deployment_id: ctx.store.deploymentId,
    webpush_public_key: "",
  });
}
