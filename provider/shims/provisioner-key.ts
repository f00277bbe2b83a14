// The provider object Pulumi serializes for every resource of this type. It is this module's
// whole `module.exports`, so when the package is installed under node_modules, Pulumi stores just
// `require("pulumi-coderd/dist/provider/shims/provisioner-key.js")` in each resource's `__provider`.
import { makeProviderShim, resourceModulePath } from "../dynamic/shim";

export = makeProviderShim(resourceModulePath("provisioner-key"), "provisionerKeyProvider");
