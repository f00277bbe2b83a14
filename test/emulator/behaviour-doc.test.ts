// The emulator's behaviour reference (emulator/BEHAVIOUR.md) stays current: every served route is in
// its route table, every section the code cites exists, and the emulator's docs hold no paths of a
// development machine.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildApiRoutes } from "../../emulator/api/routes";

const ROOT = join(__dirname, "..", "..");
const doc = readFileSync(join(ROOT, "emulator", "BEHAVIOUR.md"), "utf8");
const sections = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("emulator/BEHAVIOUR.md", () => {
  it("lists every route the emulator serves", () => {
    const routes = buildApiRoutes().listRoutes("api/v2");
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !doc.includes(`| \`${r}\` |`));
    expect(missing, "add these routes to the route table of emulator/BEHAVIOUR.md").toEqual([]);
  });

  it("route table rows name existing sections (several separated by ';')", () => {
    for (const m of doc.matchAll(/^\| `[A-Z]+ \/api\/v2[^`]*` \| ([^|(]+)/gm)) {
      for (const name of m[1]!.split(";").map((s) => s.trim())) expect(sections, name).toContain(name);
    }
  });

  it("every BEHAVIOUR.md section cited in emulator code exists", () => {
    const cited = sourceFiles(join(ROOT, "emulator")).flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/BEHAVIOUR\.md,? "([^"]+)"/g)].map((m) => [f, m[1]!] as const),
    );
    expect(cited.length).toBeGreaterThan(0);
    for (const [file, name] of cited) expect(sections, `${file} cites "${name}"`).toContain(name);
  });

  it("emulator docs and code cite no document outside the repo and no machine paths", () => {
    for (const f of [
      ...sourceFiles(join(ROOT, "emulator")),
      ...["README.md", "BEHAVIOUR.md", "CONTRACT.md"].map((n) => join(ROOT, "emulator", n)),
    ]) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/\/work\/|\/home\/|\/Users\/|semantics §/);
    }
  });
});
