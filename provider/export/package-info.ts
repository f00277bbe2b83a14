// This package's own package.json, for the versions the generated project pins. Found by walking
// up from this module, because it sits at a different depth in the sources and in dist/.

import * as fs from "node:fs";
import * as path from "node:path";

export interface PackageInfo {
  version: string;
  pulumiVersion: string;
  typescriptVersion: string;
}

export function packageInfo(): PackageInfo {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      if (pkg.name === "pulumi-coderd") {
        const dev = pkg.devDependencies ?? {};
        return {
          version: pkg.version,
          // The versions this package is built and tested with (exact pins in its devDependencies).
          pulumiVersion: String(dev["@pulumi/pulumi"] ?? pkg.peerDependencies?.["@pulumi/pulumi"]).replace(
            /^[\^~]/,
            "",
          ),
          typescriptVersion: String(dev.typescript ?? "5.9.3").replace(/^[\^~]/, ""),
        };
      }
    }
    if (path.dirname(dir) === dir) throw new Error("pulumi-coderd: cannot find the package's package.json");
  }
}
