// Collects what the exporters declare (ExportContext) and prints the program: imports, config,
// lookups by name for referenced objects no declaration provides, then the declarations in the
// order the exporters ran.

import { type CoderClient, ForbiddenError, type Group, type Organization } from "../client";
import type {
  ConfigSecret,
  ExportContext,
  Lookup,
  ReadmeNote,
  ResourceDeclaration,
  ResourceExporter,
} from "./model";
import {
  camelIdentifier,
  commentLines,
  inline,
  LINE_WIDTH,
  type Ref,
  type RefKind,
  raw,
  renderValue,
  stringLiteral,
  UniqueNames,
  type Value,
} from "./source";

export interface ProgramOptions {
  client: CoderClient;
  organizations: Organization[];
  allOrganizations: Organization[];
  includeDefaults: boolean;
  progress: (message: string) => void;
}

/** The result: index.ts plus what the README needs. */
export interface ExportedProgram {
  indexTs: string;
  secrets: ConfigSecret[];
  notes: ReadmeNote[];
  /** Declared resources per type (commented-out ones not counted). */
  counts: Record<string, number>;
  /** Stack outputs the program exports (e.g. regenerated proxy tokens). */
  outputs: string[];
}

const lookupKey = (kind: RefKind, id: string) => `${kind}:${id.toLowerCase()}`;

// The helper the program needs for maps keyed by ids of resources it declares (template ACLs):
// such ids are Outputs, and an object key cannot be one. Printed as biome formats it.
const ROLES_BY_ID_HELPER = [
  "/** `[id, role]` pairs → `{ [id]: role }`, for ids that are known only once the resources exist. */",
  "function rolesById(entries: [pulumi.Input<string>, coderd.TemplateAclRole][]) {",
  "  return pulumi.all(entries.map(([id]) => id)).apply((ids) => {",
  "    const roles: Record<string, coderd.TemplateAclRole> = {};",
  "    ids.forEach((id, i) => {",
  "      roles[id] = entries[i]![1];",
  "    });",
  "    return roles;",
  "  });",
  "}",
];

export class ProgramBuilder implements ExportContext {
  readonly client: CoderClient;
  readonly organizations: readonly Organization[];
  readonly allOrganizations: readonly Organization[];
  readonly includeDefaults: boolean;
  readonly progress: (message: string) => void;
  readonly #variables = new UniqueNames();
  readonly #resourceNames = new Map<string, UniqueNames>();
  readonly #declarations: ResourceDeclaration[] = [];
  readonly #provided = new Map<string, string>();
  readonly #lookups = new Map<string, Lookup>();
  readonly #secrets: ConfigSecret[] = [];
  readonly #notes: ReadmeNote[] = [];
  readonly #groups = new Map<string, Promise<Group[]>>();

  constructor(opts: ProgramOptions) {
    this.client = opts.client;
    this.organizations = opts.organizations;
    this.allOrganizations = opts.allOrganizations;
    this.includeDefaults = opts.includeDefaults;
    this.progress = opts.progress;
  }

  variable(...candidates: string[]): string {
    return this.#variables.take(...candidates);
  }
  resourceName(type: string, ...candidates: string[]): string {
    let names = this.#resourceNames.get(type);
    if (!names) {
      names = new UniqueNames([]);
      this.#resourceNames.set(type, names);
    }
    return names.take(...candidates);
  }
  declare(d: ResourceDeclaration): void {
    this.#declarations.push(d);
  }
  provide(kind: RefKind, id: string, expression: string): void {
    this.#provided.set(lookupKey(kind, id), expression);
  }
  ref(id: string, lookup: Lookup): Ref {
    const key = lookupKey(lookup.kind, id);
    if (!this.#lookups.has(key)) this.#lookups.set(key, lookup);
    return { $ref: { kind: lookup.kind, id } };
  }
  secret(s: ConfigSecret): Value {
    this.#secrets.push(s);
    return raw(`config.requireSecret(${stringLiteral(s.key)})`);
  }
  note(n: ReadmeNote): void {
    this.#notes.push(n);
  }
  groupsOf(organizationId: string): Promise<Group[]> {
    let p = this.#groups.get(organizationId);
    if (!p) {
      p = this.client.listGroups(organizationId);
      this.#groups.set(organizationId, p);
    }
    return p;
  }
  organization(id: string): Organization | undefined {
    return this.allOrganizations.find((o) => o.id.toLowerCase() === id.toLowerCase());
  }

  /** Runs the exporters in table order (later kinds may reference what earlier ones declared). */
  async run(exporters: readonly ResourceExporter[]): Promise<void> {
    for (const exporter of exporters) {
      this.progress(`reading ${exporter.kind} objects`);
      try {
        await exporter.export(this);
      } catch (err) {
        // The token is an owner's (checked first), so a 403 here is a feature the license does not
        // include: nothing of that kind can exist to export. Noted, and the export goes on.
        if (!(err instanceof ForbiddenError)) throw err;
        this.progress(`  skipped ${exporter.kind}: ${err.message}`);
        this.note({
          section: "not-brought-over",
          object: `${exporter.kind} objects`,
          text: `could not be read: ${err.message}`,
        });
      }
    }
  }

  render(header: string[]): ExportedProgram {
    // Lookup variables are named when first printed, after every resource variable was taken.
    const lookupLines: string[] = [];
    const resolve = (ref: Ref["$ref"]): string => {
      const key = lookupKey(ref.kind, ref.id);
      const provided = this.#provided.get(key);
      if (provided) return provided;
      const lookup = this.#lookups.get(key)!;
      const variable = this.variable(...lookupVariableCandidates(lookup));
      this.#provided.set(key, variable);
      lookupLines.push(lookupStatement(variable, lookup));
      return variable;
    };

    const body: string[] = [];
    const counts: Record<string, number> = {};
    const outputs: string[] = [];
    let usesRolesById = false;
    for (const d of this.#declarations) {
      body.push("");
      for (const c of d.comments ?? []) body.push(...commentLines(c));
      const first = `const ${d.variable} = new coderd.${d.type}(${stringLiteral(d.name)}, `;
      const lines = renderValue(first, d.args as Value, ");", 0, resolve, true);
      if (JSON.stringify(d.args).includes('"$rolesById"')) usesRolesById = true;
      if (d.commentedOut) {
        body.push(...lines.map((l) => `// ${l}`));
        continue;
      }
      body.push(...lines);
      counts[d.type] = (counts[d.type] ?? 0) + 1;
      for (const o of d.outputs ?? []) {
        body.push(`export const ${o.name} = ${d.variable}.${o.property};`);
        outputs.push(o.name);
      }
    }

    const usesPulumi = this.#secrets.length > 0 || usesRolesById;
    const out: string[] = [...header.flatMap((h) => commentLines(h))];
    if (usesPulumi) out.push('import * as pulumi from "@pulumi/pulumi";');
    out.push('import * as coderd from "pulumi-coderd";');
    if (this.#secrets.length > 0) {
      out.push(
        "",
        "// Secrets Coder never shows again: set them with `pulumi config set --secret` (see README.md).",
      );
      out.push("const config = new pulumi.Config();");
    }
    if (lookupLines.length > 0) {
      out.push("");
      out.push(
        ...commentLines(
          "Objects this program refers to but does not manage, looked up by name when it runs (ids differ between deployments).",
        ),
      );
      out.push(...lookupLines);
    }
    if (usesRolesById) out.push("", ...ROLES_BY_ID_HELPER);
    out.push(...body);
    return {
      indexTs: `${out.join("\n")}\n`,
      secrets: [...this.#secrets],
      notes: [...this.#notes],
      counts,
      outputs,
    };
  }
}

function lookupVariableCandidates(l: Lookup): string[] {
  switch (l.kind) {
    case "user":
      return [camelIdentifier(l.username, "id"), camelIdentifier(l.username, "user", "id")];
    case "organization":
      return [camelIdentifier(l.name, "org", "id"), camelIdentifier(l.name, "organization", "id")];
    case "template":
      return [
        camelIdentifier(l.name, "template", "id"),
        camelIdentifier(l.organization, l.name, "template", "id"),
      ];
    case "group":
      return [camelIdentifier(l.name, "group", "id"), camelIdentifier(l.organization, l.name, "group", "id")];
    case "notificationTemplate":
      return [
        camelIdentifier(l.name, "notification", "id"),
        camelIdentifier(l.name, "notification", "template", "id"),
      ];
  }
}

function lookupStatement(variable: string, l: Lookup): string {
  const [fn, args, param]: [string, Record<string, string>, string] = (() => {
    switch (l.kind) {
      case "user":
        return ["getUser", { username: l.username }, "u"];
      case "organization":
        return ["getOrganization", { name: l.name }, "o"];
      case "template":
        return ["getTemplate", { organization: l.organization, name: l.name }, "t"];
      case "group":
        return ["getGroup", { organization: l.organization, name: l.name }, "g"];
      case "notificationTemplate":
        return ["getNotificationTemplate", { name: l.name }, "t"];
    }
  })();
  const then = `.then((${param}) => ${param}.id)`;
  const noRefs = () => "";
  const call = `${fn}(${inline(args, noRefs)})`;
  const line = `const ${variable} = coderd.${call}${then};`;
  if (line.length <= LINE_WIDTH) return line;
  // Too long for one line: biome breaks the chain before each call (and the object if needed).
  return [`const ${variable} = coderd`, ...renderValue(`.${fn}(`, args, ")", 1, noRefs), `  ${then};`].join(
    "\n",
  );
}
