// The exporter's printer: index.ts must come out exactly as `biome format` lays it out, whatever
// the names and values (long strings, keys needing quotes, long lists, long lookups), so the
// generated project passes `biome format` as written.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CoderClient } from "../../provider/client";
import type { ResourceExporter } from "../../provider/export/model";
import { ProgramBuilder } from "../../provider/export/program";
import { projectFiles } from "../../provider/export/project-files";
import { camelIdentifier, commentLines, propertyKey, UniqueNames } from "../../provider/export/source";

const REPO_ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coderd-export-source-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A stress exporter: values chosen to hit every layout rule of the printer. */
const stress: ResourceExporter = {
  kind: "Stress",
  async export(ctx) {
    const org = ctx.ref(uuid(1), { kind: "organization", name: "a-very-long-organization-name-for-testing" });
    const members = Array.from({ length: 12 }, (_, i) =>
      ctx.ref(uuid(100 + i), { kind: "user", username: `user-with-a-long-name-${i}` }),
    );
    const g = ctx.variable(camelIdentifier("platform", "group"));
    ctx.declare({
      variable: g,
      type: "Group",
      name: ctx.resourceName("Group", "platform"),
      comments: [
        "A comment long enough to be wrapped, with a `code span that must never be split across lines` in it.",
      ],
      args: {
        organizationId: org,
        name: "platform",
        displayName: 'Platform "quoted" ✓',
        members,
        adopt: true,
      },
    });
    ctx.provide("group", uuid(50), `${g}.id`);
    ctx.declare({
      variable: ctx.variable("longUrls"),
      type: "OAuth2App",
      name: ctx.resourceName("OAuth2App", "x"),
      commentedOut: true,
      args: {
        name: "x",
        callbackUrl: `https://example.com/${"very-long-path/".repeat(8)}callback`,
      },
    });
    ctx.declare({
      variable: ctx.variable("sync"),
      type: "IdpSyncSettings",
      name: ctx.resourceName("IdpSyncSettings", "sync"),
      args: {
        kind: "group",
        organizationId: org,
        field: "groups",
        mapping: {
          "needs-quotes": [ctx.ref(uuid(50), { kind: "group", organization: "o", name: "platform" })],
          plain: [],
          "3starts-with-digit": [ctx.ref(uuid(51), { kind: "group", organization: "o", name: "elsewhere" })],
        },
        regexFilter: "^(okta|azure)-[a-z]+\\\\d$",
        adopt: true,
      },
    });
    ctx.declare({
      variable: ctx.variable("acl"),
      type: "TemplateAcl",
      name: ctx.resourceName("TemplateAcl", "t"),
      args: {
        templateId: ctx.ref(uuid(9), {
          kind: "template",
          organization: "a-very-long-organization-name-for-testing",
          name: "a-template-with-a-long-name",
        }),
        everyone: "none",
        groups: {
          $rolesById: [[ctx.ref(uuid(50), { kind: "group", organization: "o", name: "platform" }), "use"]],
        },
        users: { $rolesById: members.slice(0, 3).map((m) => [m, "admin"] as [typeof m, string]) },
      },
    });
  },
};

describe("export printer", () => {
  it("prints a program that biome format leaves unchanged", async () => {
    const builder = new ProgramBuilder({
      client: {} as CoderClient,
      organizations: [],
      allOrganizations: [],
      includeDefaults: false,
      progress: () => {},
    });
    await builder.run([stress]);
    const program = builder.render(["Header."]);
    const files = projectFiles(
      {
        project: "p",
        url: "https://coder.example.com",
        organizations: ["o"],
        allOrganizations: false,
        includeDefaults: false,
        generatedAt: new Date(0),
        pkg: { version: "0.1.0", pulumiVersion: "3.248.0", typescriptVersion: "5.9.3" },
      },
      program,
    );
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), text);
    const index = files["index.ts"]!;
    expect(index).toContain('"needs-quotes": [platformGroup.id],');
    expect(index).toContain("plain: [],");
    expect(index).toContain("`code span that must never be split across lines`");
    expect(index).toContain("users: rolesById([\n");
    expect(index).toContain('groups: rolesById([[platformGroup.id, "use"]]),');
    expect(index).toContain("  members: [\n    userWithALongName0Id,\n");
    expect(index).toContain(
      "const aTemplateWithALongNameTemplateId = coderd\n  .getTemplate({\n    organization:",
    );
    expect(index).toContain(`displayName: 'Platform "quoted" ✓',`);
    expect(index).toMatch(/^\/\/ {3}callbackUrl:\n\/\/ {5}"https:/m);
    try {
      execFileSync(path.join(REPO_ROOT, "node_modules/.bin/biome"), ["format", "."], {
        cwd: tmp,
        stdio: "pipe",
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`biome format would change the generated project:\n${e.stdout}${e.stderr}\n${index}`);
    }
  });

  it("names: camelCase identifiers, unique, never a keyword or a name the program uses", () => {
    expect(camelIdentifier("eu-west", "proxy")).toBe("euWestProxy");
    expect(camelIdentifier("9lives", "group")).toBe("x9livesGroup");
    const names = new UniqueNames();
    expect(names.take("config")).toBe("config2");
    expect(names.take("eng")).toBe("eng");
    expect(names.take("eng", "coderEng")).toBe("coderEng");
    expect(names.take("eng")).toBe("eng2");
    expect(propertyKey("okta-eng")).toBe('"okta-eng"');
    expect(propertyKey("admins")).toBe("admins");
    expect(commentLines("a\n\nb")).toEqual(["// a", "//", "// b"]);
  });
});
