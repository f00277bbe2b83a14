// The provider object Pulumi serializes for every resource of this type: this module's exports
// are its methods, so when the package is installed under node_modules, Pulumi stores just
// `require("pulumi-coderd/dist/provider/shims/notification-template-method.js")` in each resource's `__provider`.
import { makeProviderShim, resourceModulePath } from "../dynamic/shim";

export const {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
} = makeProviderShim(
  resourceModulePath("notification-template-method"),
  "notificationTemplateMethodProvider",
);
export { remove as delete };
