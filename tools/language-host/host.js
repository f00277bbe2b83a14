#!/usr/bin/env node
// A small Node.js language host for the Pulumi CLI (the `pulumirpc.LanguageRuntime` gRPC service).
//
// Why this exists: the Pulumi CLI on our machines is built from the Go module proxy, which does not
// serve the official Node.js language host, so `pulumi up` in a project directory could not start a
// Node program. This host lets the real engine run TypeScript projects as users do. It is dev and
// test tooling only: it is not in the published package, and users have Pulumi's real host.
// scripts/ensure-pulumi.sh installs it next to the `pulumi` it builds (not just on PATH: the engine
// then prints "using pulumi-language-nodejs from $PATH" for every plugin lookup).
//
// Protocol facts it relies on (observed with the engine, Pulumi v3.274):
// - the engine starts `pulumi-language-nodejs [flags] <engine address>`; flags such as
//   `--logtostderr -v=N` or `--tracing URL` may come first, the engine address is the LAST argument;
// - the engine reads the gRPC port as the first line of stdout, exactly `<port>\n`;
// - `Run` starts `node <project>/node_modules/@pulumi/pulumi/cmd/run` with the program's flags;
//   config travels in the env (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS); exit code 32 means the
//   program already reported its error to the user ("bail");
// - the host must exit when the engine goes away (we poll the engine's port).

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");

/** Exit code of `@pulumi/pulumi/cmd/run` when the error was already shown to the user. */
const EXIT_AFTER_LOGGED_ERROR = 32;
const HOST_VERSION = "3.274.1";

const engineAddress = process.argv[process.argv.length - 1];

/**
 * The gRPC stubs and runtime come from the `@pulumi/pulumi` the project installed (the engine
 * starts us in the project directory), else from the checkout that installed this host.
 */
function loadPulumiRuntime() {
  const fallback = path.join(__dirname, "deps-dir");
  const roots = [process.cwd()];
  if (fs.existsSync(fallback)) roots.push(fs.readFileSync(fallback, "utf8").trim());
  for (const root of roots) {
    let pkgJson;
    try {
      pkgJson = require.resolve("@pulumi/pulumi/package.json", { paths: [root] });
    } catch {
      continue;
    }
    const dir = path.dirname(pkgJson);
    const fromPulumi = (id) => require(require.resolve(id, { paths: [dir] }));
    return {
      grpc: fromPulumi("@grpc/grpc-js"),
      services: require(path.join(dir, "proto/language_grpc_pb.js")),
      messages: require(path.join(dir, "proto/language_pb.js")),
      plugin: require(path.join(dir, "proto/plugin_pb.js")),
      empty: fromPulumi("google-protobuf/google/protobuf/empty_pb.js"),
    };
  }
  process.stderr.write(
    "pulumi-language-nodejs: cannot find @pulumi/pulumi (run `npm install` in the project directory)\n",
  );
  process.exit(1);
}

const rt = loadPulumiRuntime();
const { grpc, messages, plugin } = rt;

/** Options from Pulumi.yaml's `runtime.options` (typescript, nodeargs, tsconfig, ...). */
function runtimeOptions(info) {
  const options = info?.getOptions?.();
  return options ? options.toJavaScript() : {};
}

/** Where `@pulumi/pulumi/cmd/run` of the project is; the program must bring its own SDK. */
function resolveRunScript(programDir) {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js", { paths: [programDir] }));
  } catch {
    return undefined;
  }
}

let running; // the program's child process, for Cancel

function run(call, callback) {
  const req = call.request;
  const info = req.getInfo();
  const programDir = info?.getProgramDirectory() || req.getPwd();
  const entryPoint = info?.getEntryPoint() || req.getProgram() || ".";
  const options = runtimeOptions(info);
  const runScript = resolveRunScript(programDir);
  const reply = (error, bail = false) => {
    const res = new messages.RunResponse();
    if (error) res.setError(error);
    res.setBail(bail);
    callback(null, res);
  };
  if (!runScript) {
    reply(
      `It looks like the Pulumi SDK has not been installed. Have you run \`npm install\` in ${programDir}?`,
    );
    return;
  }

  const config = {};
  for (const [k, v] of req.getConfigMap().entries()) config[k] = v;
  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
  };
  if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  const propertyMap = req.getConfigpropertymap();
  if (propertyMap) env.PULUMI_CONFIG_PROPERTY_MAP = JSON.stringify(propertyMap.toJavaScript());

  const nodeArgs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];
  const flags = [
    `--monitor=${req.getMonitorAddress()}`,
    `--engine=${engineAddress}`,
    `--organization=${req.getOrganization()}`,
    `--project=${req.getProject()}`,
    `--stack=${req.getStack()}`,
    `--pwd=${req.getPwd() || programDir}`,
    `--parallel=${req.getParallel()}`,
  ];
  if (info?.getRootDirectory()) flags.push(`--root-directory=${info.getRootDirectory()}`);
  if (req.getDryrun()) flags.push("--dry-run");
  const args = [...nodeArgs, runScript, ...flags, entryPoint, ...req.getArgsList()];

  // stdout/stderr are inherited: the engine shows what the program prints.
  const child = spawn(process.execPath, args, {
    cwd: programDir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  running = child;
  child.on("error", (err) => reply(`could not start the program: ${err.message}`));
  child.on("exit", (code, signal) => {
    running = undefined;
    if (code === 0) reply();
    else if (code === EXIT_AFTER_LOGGED_ERROR) reply(undefined, true);
    else if (signal) reply(`Program exited with signal ${signal}`);
    else reply(`Program exited with non-zero exit code: ${code}`);
  });
}

function getPluginInfo(_call, callback) {
  callback(null, new plugin.PluginInfo().setVersion(HOST_VERSION));
}

function noPlugins(_call, callback) {
  callback(null, new messages.GetRequiredPluginsResponse());
}

function noPackages(_call, callback) {
  callback(null, new messages.GetRequiredPackagesResponse());
}

// `pulumi about`: node's own version; no `npm --version` (it would cost ~0.5 s per command).
function about(_call, callback) {
  const res = new messages.AboutResponse();
  res.setExecutable(process.execPath);
  res.setVersion(process.version);
  callback(null, res);
}

/** The project's direct dependencies with the versions installed in node_modules. */
function getProgramDependencies(call, callback) {
  const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getPwd();
  const res = new messages.GetProgramDependenciesResponse();
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      let version = "";
      try {
        const installed = require.resolve(`${name}/package.json`, { paths: [dir] });
        version = JSON.parse(fs.readFileSync(installed, "utf8")).version;
      } catch {
        // not installed: an empty version, as `npm ls` would show it missing
      }
      const dep = new messages.DependencyInfo();
      dep.setName(name);
      dep.setVersion(version);
      res.addDependencies(dep);
    }
  } catch {
    // no package.json: no dependencies to report
  }
  callback(null, res);
}

/** `pulumi install`: `npm install` in the project, its output streamed back to the engine. */
function installDependencies(call) {
  const dir = call.request.getDirectory() || call.request.getInfo()?.getProgramDirectory();
  const child = spawn("npm", ["install"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const send = (field) => (chunk) => {
    const res = new messages.InstallDependenciesResponse();
    res[field](chunk);
    call.write(res);
  };
  child.stdout.on("data", send("setStdout"));
  child.stderr.on("data", send("setStderr"));
  child.on("error", (err) => call.destroy(err));
  child.on("exit", (code) => {
    if (code === 0) call.end();
    else call.destroy({ code: grpc.status.UNKNOWN, details: `npm install exited with code ${code}` });
  });
}

function cancel(_call, callback) {
  running?.kill("SIGINT");
  callback(null, new rt.empty.Empty());
}

/** Exits when the engine stops answering: a host must never outlive the engine that started it. */
function watchEngine() {
  const [host, port] = splitAddress(engineAddress);
  let failures = 0;
  const timer = setInterval(() => {
    const socket = net.connect({ host, port: Number(port) });
    socket.setTimeout(2000);
    socket.on("connect", () => {
      failures = 0;
      socket.destroy();
    });
    const fail = () => {
      socket.destroy();
      if (++failures >= 2) {
        running?.kill("SIGKILL");
        process.exit(0);
      }
    };
    socket.on("error", fail);
    socket.on("timeout", fail);
  }, 1000);
  timer.unref();
}

function splitAddress(address) {
  const i = address.lastIndexOf(":");
  return [address.slice(0, i) || "127.0.0.1", address.slice(i + 1)];
}

function main() {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const unimplemented = (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: "not implemented by this language host" });
  const handlers = {};
  for (const name of Object.keys(rt.services.LanguageRuntimeService)) handlers[name] = unimplemented;
  Object.assign(handlers, {
    getPluginInfo,
    getRequiredPlugins: noPlugins,
    getRequiredPackages: noPackages,
    run,
    about,
    getProgramDependencies,
    installDependencies,
    cancel,
  });
  server.addService(rt.services.LanguageRuntimeService, handlers);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`pulumi-language-nodejs: cannot listen: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
    if (engineAddress && /:\d+$/.test(engineAddress)) watchEngine();
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
}

main();
