// Deterministic seed data. Names are fixed; ids and member tokens are random per emulator process but
// stable across POST /emulator/v1/reset (they are drawn once, in SeedIdentity), so a test can keep
// using the ids it read from /emulator/v1/seed after a reset.

import { newId, newSessionToken } from "./ids";
import type { OrganizationRecord, TemplateRecord, UserRecord } from "./records";
import type { LicenseMode } from "./store";
import { Store } from "./store";

export const SEED_USERS = [
  { username: "admin", name: "Admin", owner: true, orgs: ["coder", "research"] },
  { username: "alice", name: "Alice", owner: false, orgs: ["coder"] },
  { username: "bob", name: "Bob", owner: false, orgs: ["coder"] },
  { username: "carol", name: "Carol", owner: false, orgs: ["coder"] },
  { username: "dave", name: "Dave", owner: false, orgs: ["research"] },
] as const;

export const SEED_ORGS = [
  { name: "coder", displayName: "Coder", isDefault: true },
  { name: "research", displayName: "Research", isDefault: false },
] as const;

export const SEED_TEMPLATES = [
  { name: "docker", displayName: "Docker", org: "coder" },
  { name: "kubernetes", displayName: "Kubernetes", org: "coder" },
  { name: "notebook", displayName: "Notebook", org: "research" },
] as const;

/** Ids and tokens of the seed objects, drawn once per emulator process. */
export interface SeedIdentity {
  deploymentId: string;
  ownerToken: string;
  userIds: Record<string, string>;
  userTokens: Record<string, string>;
  orgIds: Record<string, string>;
  templateIds: Record<string, string>;
  templateVersionIds: Record<string, string>;
  /** Fixed creation time so reset restores byte-identical objects. */
  createdAt: number;
}

export function newSeedIdentity(ownerToken: string): SeedIdentity {
  const userIds: Record<string, string> = {};
  const userTokens: Record<string, string> = {};
  for (const u of SEED_USERS) {
    userIds[u.username] = newId();
    userTokens[u.username] = u.owner ? ownerToken : newSessionToken();
  }
  const orgIds: Record<string, string> = {};
  for (const o of SEED_ORGS) orgIds[o.name] = newId();
  const templateIds: Record<string, string> = {};
  const templateVersionIds: Record<string, string> = {};
  for (const t of SEED_TEMPLATES) {
    templateIds[t.name] = newId();
    templateVersionIds[t.name] = newId();
  }
  return {
    deploymentId: newId(),
    ownerToken,
    userIds,
    userTokens,
    orgIds,
    templateIds,
    templateVersionIds,
    createdAt: Date.now(),
  };
}

export function newUserRecord(
  id: string,
  username: string,
  token: string,
  at: number,
  opts: { name?: string; email?: string; owner?: boolean } = {},
): UserRecord {
  return {
    id,
    username,
    email: opts.email ?? `${username}@example.com`,
    name: opts.name ?? "",
    avatarUrl: "",
    status: "active",
    loginType: "password",
    siteRoles: opts.owner ? ["owner"] : [],
    createdAt: at,
    updatedAt: at,
    lastSeenAt: at,
    token,
    claims: {},
  };
}

/** Adds an organization and its Everyone group (id = org id, name "Everyone"). */
export function insertOrganization(
  store: Store,
  id: string,
  name: string,
  displayName: string,
  at: number,
  isDefault = false,
): OrganizationRecord {
  const org: OrganizationRecord = {
    id,
    name,
    displayName,
    description: "",
    icon: "",
    isDefault,
    createdAt: at,
    updatedAt: at,
    memberIds: [],
  };
  store.organizations.set(id, org);
  store.groups.set(id, {
    id,
    organizationId: id,
    name: "Everyone",
    displayName: "",
    avatarUrl: "",
    quotaAllowance: 0,
    source: "user",
    memberIds: [],
  });
  return org;
}

/** Adds a template whose ACL grants the org's Everyone group `use` (coderd's default on create). */
export function insertTemplate(
  store: Store,
  id: string,
  name: string,
  organizationId: string,
  createdById: string,
  at: number,
  opts: { displayName?: string; activeVersionId?: string } = {},
): TemplateRecord {
  const t: TemplateRecord = {
    id,
    organizationId,
    name,
    displayName: opts.displayName ?? "",
    description: "",
    icon: "",
    createdAt: at,
    updatedAt: at,
    createdById,
    activeVersionId: opts.activeVersionId ?? newId(),
    userAcl: new Map(),
    groupAcl: new Map([[organizationId, "use"]]),
  };
  store.templates.set(id, t);
  return t;
}

export function buildSeededStore(seed: SeedIdentity, licenseMode: LicenseMode): Store {
  const store = new Store(seed.deploymentId, licenseMode);
  const at = seed.createdAt;
  for (const o of SEED_ORGS)
    insertOrganization(store, seed.orgIds[o.name]!, o.name, o.displayName, at, o.isDefault);
  for (const u of SEED_USERS) {
    const id = seed.userIds[u.username]!;
    store.users.set(
      id,
      newUserRecord(id, u.username, seed.userTokens[u.username]!, at, { name: u.name, owner: u.owner }),
    );
    for (const orgName of u.orgs) store.organizations.get(seed.orgIds[orgName]!)!.memberIds.push(id);
  }
  for (const t of SEED_TEMPLATES) {
    insertTemplate(
      store,
      seed.templateIds[t.name]!,
      t.name,
      seed.orgIds[t.org]!,
      seed.userIds["admin"]!,
      at,
      {
        displayName: t.displayName,
        activeVersionId: seed.templateVersionIds[t.name],
      },
    );
  }
  return store;
}
