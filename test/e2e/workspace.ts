export { e2eUnavailableReason, REPO_ROOT } from "../../tools/workspace";
