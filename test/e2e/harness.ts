// The e2e tests drive stacks with the project-directory driver shared with the demo and the bench
// (tools/project-stack.ts): `pulumi` CLI commands in a project directory, as users run them.
export {
  type OpResult,
  ProjectStack as E2EStack,
  type ProjectStackOptions as StackOptions,
  type StackTarget,
} from "../../tools/project-stack";
