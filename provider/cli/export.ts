// `pulumi-coderd export`: reads a live Coder deployment and writes a Pulumi TypeScript project that
// manages it as it is. Progress goes to stderr; stdout gets only the project directory, so scripts
// can capture it. Exit codes are documented in EXPORT_HELP and README.md.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  CoderClient,
  CoderNetworkError,
  ForbiddenError,
  normalizeCoderUrl,
  parseHeaders,
  UnauthorizedError,
} from "../client";
import { exportDeployment, UnknownOrganizationError, writeProject } from "../export/export-deployment";

export const EXIT = {
  ok: 0,
  /** Anything unexpected: an answer Coder should not give, a bug. */
  failed: 1,
  usage: 2,
  /** No URL or token, or Coder rejected the token (401). */
  credentials: 3,
  /** The token may not read what is exported (403), or the organization does not exist. */
  forbidden: 4,
  /** --out is a non-empty directory and --force was not given. */
  outputExists: 5,
  /** Coder could not be reached (connection refused, DNS, timeout). */
  unreachable: 6,
} as const;

export const EXPORT_HELP = `Usage: pulumi-coderd export [options]

Reads a live Coder deployment and writes a Pulumi TypeScript project (Pulumi.yaml, package.json,
tsconfig.json, index.ts, README.md) that manages it as it is: every object is adopted, so the first
\`pulumi up\` changes nothing except what the generated README lists as unavoidable.

Options:
  --url URL                 Coder deployment URL (default: $CODER_URL)
  --token TOKEN             Session token of an owner (default: $CODER_SESSION_TOKEN; prefer the env
                            var: command-line arguments are visible to other users of the machine)
  --header K=V[,K2=V2]      Extra HTTP headers (default: $CODER_HEADER)
  --organization ORG        Organization (name or id) whose groups, IdP sync, template ACLs and
                            provisioner keys are exported (default: $CODER_ORGANIZATION, else the
                            token user's first organization)
  --all-organizations       Export every organization
  --out DIR                 Where to write the project (default: ./coderd-export)
  --force                   Write into DIR even if it is not empty (generated files are overwritten)
  --include-defaults        Also declare objects at Coder's defaults (Everyone groups, template ACLs
                            granting Everyone use)
  --project NAME            Pulumi project name (default: coderd-<deployment host>)
  -h, --help                Show this help

Deployment-wide objects (licenses, workspace proxies, OAuth2 apps, organization sync) are always
exported.

Exit codes:
  0  the project was written (its directory is printed on stdout)
  1  unexpected failure (the message says what)
  2  bad usage (unknown option, missing value, conflicting options, invalid URL or header)
  3  missing credentials, or Coder rejected the token (401)
  4  the token may not read what is exported (403), or the organization does not exist
  5  --out is a non-empty directory (use --force)
  6  Coder could not be reached

Example:
  CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=$(coder tokens create) \\
    npx pulumi-coderd export --all-organizations --out coder-infra
`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

class UsageError extends Error {}

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        header: { type: "string" },
        organization: { type: "string" },
        "all-organizations": { type: "boolean" },
        out: { type: "string" },
        force: { type: "boolean" },
        "include-defaults": { type: "boolean" },
        project: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
    if (values.help) {
      io.stdout(EXPORT_HELP);
      return EXIT.ok;
    }
    if (values.organization !== undefined && values["all-organizations"]) {
      throw new UsageError("--organization and --all-organizations cannot be combined");
    }
    if (values.project !== undefined && !/^[A-Za-z0-9_.-]+$/.test(String(values.project))) {
      throw new UsageError("--project may contain only letters, digits, '-', '_' and '.'");
    }
  } catch (err) {
    io.stderr(
      `pulumi-coderd export: ${(err as Error).message}\nRun \`pulumi-coderd export --help\` for usage.\n`,
    );
    return EXIT.usage;
  }

  const nonEmpty = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const rawUrl = nonEmpty(values.url) ?? nonEmpty(io.env.CODER_URL);
  const token = nonEmpty(values.token) ?? nonEmpty(io.env.CODER_SESSION_TOKEN);
  if (!rawUrl || !token) {
    io.stderr(
      `pulumi-coderd export: ${
        !rawUrl
          ? "no Coder URL: pass --url or set CODER_URL"
          : "no session token: set CODER_SESSION_TOKEN (create one with `coder tokens create`) or pass --token"
      }\n`,
    );
    return EXIT.credentials;
  }
  let url: string;
  let headers: Record<string, string>;
  try {
    url = normalizeCoderUrl(rawUrl);
    headers =
      values.header !== undefined
        ? parseHeaders(String(values.header), "--header")
        : parseHeaders(nonEmpty(io.env.CODER_HEADER), "CODER_HEADER");
  } catch (err) {
    // An invalid URL or header is bad usage, like a bad option.
    io.stderr(`pulumi-coderd export: ${(err as Error).message}\n`);
    return EXIT.usage;
  }

  const outDir = path.resolve(io.cwd, nonEmpty(values.out) ?? "coderd-export");
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0 && !values.force) {
    io.stderr(
      `pulumi-coderd export: ${outDir} exists and is not empty; choose another --out, or pass --force to overwrite the generated files in it\n`,
    );
    return EXIT.outputExists;
  }

  const client = new CoderClient({
    url,
    token,
    headers,
    organization: nonEmpty(io.env.CODER_ORGANIZATION),
    userAgent: "pulumi-coderd export",
  });
  try {
    const me = await client.getMe();
    // A non-owner sees part of the deployment without any error (e.g. the license list is empty
    // for them): exporting that would silently leave objects out.
    if (!me.roles.some((r) => r.name === "owner")) {
      io.stderr(
        `pulumi-coderd export: ${me.username} is not an owner of ${url}: export needs the token of a user with the ` +
          "Owner role, because other users see only part of the deployment (licenses, proxies, other organizations).\n",
      );
      return EXIT.forbidden;
    }
    io.stderr(`signed in to ${url} as ${me.username}\n`);
    const result = await exportDeployment({
      client,
      organization: nonEmpty(values.organization),
      allOrganizations: values["all-organizations"] === true,
      includeDefaults: values["include-defaults"] === true,
      project: nonEmpty(values.project),
      progress: (m) => io.stderr(`${m}\n`),
    });
    writeProject(outDir, result.files);
    const declared = Object.entries(result.counts).map(([t, n]) => `${n} ${t}`);
    const notBrought = result.notes.filter((n) => n.section === "not-brought-over").length;
    io.stderr(
      `wrote ${outDir}: ${declared.join(", ") || "no resources"}` +
        (notBrought > 0 ? `; ${notBrought} object(s) not brought over` : "") +
        (result.secrets.length > 0 ? `; config secrets to set: ${result.secrets.join(", ")}` : "") +
        " (see README.md)\n",
    );
    io.stdout(`${outDir}\n`);
    return EXIT.ok;
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof UnauthorizedError) {
      io.stderr(
        `pulumi-coderd export: Coder rejected the session token: ${message}\n` +
          "Check CODER_SESSION_TOKEN (or --token): create a token with `coder tokens create` as an owner.\n",
      );
      return EXIT.credentials;
    }
    if (err instanceof ForbiddenError) {
      io.stderr(
        `pulumi-coderd export: ${message}\nExport reads every administered object: use the token of a user with the Owner role.\n`,
      );
      return EXIT.forbidden;
    }
    if (err instanceof UnknownOrganizationError) {
      io.stderr(`pulumi-coderd export: ${message}\n`);
      return EXIT.forbidden;
    }
    if (err instanceof CoderNetworkError) {
      io.stderr(`pulumi-coderd export: cannot reach Coder at ${url}: ${message}\n`);
      return EXIT.unreachable;
    }
    io.stderr(`pulumi-coderd export: ${message}\n`);
    return EXIT.failed;
  } finally {
    await client.close();
  }
}
