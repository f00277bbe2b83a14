// What exporters produce and the context they get. One exporter per resource kind (see
// ./exporters.ts); each reads the deployment with the client and declares resources, references to
// other objects, config secrets and README notes through the ExportContext.

import type { CoderClient, Group, Organization } from "../client";
import type { Ref, RefKind, Value } from "./source";

/** How to find an object by name in the program when no declared resource provides it. */
export type Lookup =
  | { kind: "user"; username: string }
  | { kind: "organization"; name: string }
  | { kind: "template"; organization: string; name: string }
  | { kind: "group"; organization: string; name: string }
  | { kind: "notificationTemplate"; name: string };

/** One `new coderd.<type>(name, args)`. */
export interface ResourceDeclaration {
  /** Variable name (from ExportContext.variable). */
  variable: string;
  /** Class exported by pulumi-coderd, e.g. "Group". */
  type: string;
  /** Pulumi resource name (from ExportContext.resourceName). */
  name: string;
  /** Property values; `undefined` ones are left out. Always printed one property per line. */
  args: Record<string, Value | undefined>;
  /** Paragraphs of comment above it. */
  comments?: string[];
  /**
   * Printed as a comment (`// const x = new ...`): an object the program cannot take over, shown
   * as the declaration that would replace it.
   */
  commentedOut?: boolean;
  /** Stack outputs: `export const <name> = <variable>.<property>;` */
  outputs?: { name: string; property: string }[];
}

/** Something not brought over, or done on the first `pulumi up`, for the generated README. */
export interface ReadmeNote {
  section: "not-brought-over" | "first-up-writes" | "defaults-left-out" | "after-first-up";
  /** The object, e.g. `ProvisionerKey "k8s-eu" (organization coder)`. */
  object: string;
  /** Why, and what to do. */
  text: string;
}

/** A secret the program reads with `config.requireSecret(key)`; the README says how to set it. */
export interface ConfigSecret {
  key: string;
  /** What the value is and where to get it. */
  description: string;
}

export interface ExportContext {
  readonly client: CoderClient;
  /** Organizations whose objects are exported. */
  readonly organizations: readonly Organization[];
  /** Every organization of the deployment (for names of referenced ones). */
  readonly allOrganizations: readonly Organization[];
  /** Also declare objects that are at Coder's defaults. */
  readonly includeDefaults: boolean;
  /** One line of progress (stderr). */
  progress(message: string): void;
  /** A unique variable name: the first free candidate, else the last one numbered. */
  variable(...candidates: string[]): string;
  /** A Pulumi resource name, unique per type. */
  resourceName(type: string, ...candidates: string[]): string;
  declare(d: ResourceDeclaration): void;
  /** Declares that `expression` (e.g. `engGroup.id`) is the id of this object in the program. */
  provide(kind: RefKind, id: string, expression: string): void;
  /** A reference to an object's id: a declared resource providing it, else a lookup by name. */
  ref(id: string, lookup: Lookup): Ref;
  /** Registers a config secret; returns the expression reading it. */
  secret(s: ConfigSecret): Value;
  note(n: ReadmeNote): void;
  /** Groups of an organization (one GET per organization, cached). */
  groupsOf(organizationId: string): Promise<Group[]>;
  /** The organization with this id, if it exists. */
  organization(id: string): Organization | undefined;
}

/** The exporter of one resource kind. */
export interface ResourceExporter {
  /** The pulumi-coderd resource class, e.g. "Group". */
  kind: string;
  /** Reads the deployment and declares what it finds. */
  export(ctx: ExportContext): Promise<void>;
}
