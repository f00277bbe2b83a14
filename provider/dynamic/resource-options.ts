import * as pulumi from "@pulumi/pulumi";
import { LICENSE_DEPENDENCY_KEY } from "./hidden-inputs";

/** Brand carried by License instances, so other resources can spot one in their dependsOn. */
export const LICENSE_BRAND = "__pulumiCoderdLicense";

/**
 * Options every resource class passes to `dynamic.Resource`: secret outputs merged into what the
 * user gave.
 */
export function resourceOptions(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: string[] = [],
): pulumi.CustomResourceOptions {
  return secretOutputs.length > 0
    ? pulumi.mergeOptions(opts, { additionalSecretOutputs: secretOutputs })
    : (opts ?? {});
}

/**
 * When a License of this package is in `dependsOn`, licensed resources carry its id as a hidden
 * input. During a preview of the update that creates that License the id is unknown, which tells
 * `check` to defer the entitlement check to apply time (when the License exists), so a License and
 * the resources it unlocks can be created in one `pulumi up` on an unlicensed deployment.
 */
export function licenseDependencyInput(
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, pulumi.Input<string>> {
  const deps = opts?.dependsOn;
  const list = Array.isArray(deps) ? deps : deps ? [deps] : [];
  for (const dep of list) {
    if (dep && (dep as any)[LICENSE_BRAND] === true) {
      return { [LICENSE_DEPENDENCY_KEY]: (dep as pulumi.CustomResource).id };
    }
  }
  return {};
}
