import type * as pulumi from "@pulumi/pulumi";

/**
 * The object Pulumi serializes into every resource's `__provider`.
 *
 * Pulumi stores the provider's closure text twice per resource (inputs and outputs), so what it
 * captures is a cost every user pays per resource, and anything it captures (a token, a client)
 * would land in state in plaintext. The shim therefore captures only two strings: the package
 * path of the module that implements the resource and the name of its export. Each method loads
 * that module by package path inside the dynamic-provider host process (`require` resolves from
 * the program directory, where `pulumi-coderd` is installed) and forwards the call.
 *
 * Keep these methods tiny and free of references to anything but `require` and the two strings.
 *
 * Each resource type's shim methods are the exports of a module in provider/shims/, and the
 * resource class passes that module object itself. Pulumi's closure serializer turns a captured
 * object that is a module under node_modules into a `require` of that module, so an installed
 * package stores ~0.3 KB per resource instead of ~3 KB of code.
 */
export function makeProviderShim(
  modulePath: string,
  exportName: string,
): Required<pulumi.dynamic.ResourceProvider> {
  return {
    // Runs synchronously before the first await, so calls racing the host's `configure` see it.
    configure(req: pulumi.dynamic.ConfigureRequest) {
      // The host's first call for this type: loading the implementation is our start-up cost,
      // reported when PULUMI_CODERD_TIMINGS names a file (see runtime.ts).
      const started = performance.now();
      const cpu = process.cpuUsage();
      const impl = require(modulePath)[exportName];
      impl.loaded?.(modulePath, performance.now() - started, process.cpuUsage(cpu));
      return impl.configure(req);
    },
    check(olds: any, news: any) {
      return require(modulePath)[exportName].check(olds, news);
    },
    diff(id: string, olds: any, news: any) {
      return require(modulePath)[exportName].diff(id, olds, news);
    },
    create(inputs: any) {
      return require(modulePath)[exportName].create(inputs);
    },
    read(id: string, props: any) {
      return require(modulePath)[exportName].read(id, props);
    },
    update(id: string, olds: any, news: any) {
      return require(modulePath)[exportName].update(id, olds, news);
    },
    delete(id: string, props: any) {
      return require(modulePath)[exportName].delete(id, props);
    },
  } as Required<pulumi.dynamic.ResourceProvider>;
}

/** Package path of a compiled resource module, as `require`d inside the provider host. */
export function resourceModulePath(file: string): string {
  return `pulumi-coderd/dist/provider/resources/${file}`;
}
