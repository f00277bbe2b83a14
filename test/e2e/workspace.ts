export { e2eUnavailableReason, prepareE2EEnvironment, REPO_ROOT } from "../../tools/workspace";
