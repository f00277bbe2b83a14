// Names of hidden inputs (keys starting with `__`, dropped before the resource definitions see
// the inputs). A module of their own so the resource classes (../classes) can set them without
// loading the provider plumbing.

/** Hidden input set by resource classes when a License in the same stack is a dependency. */
export const LICENSE_DEPENDENCY_KEY = "__licenseDependency";
