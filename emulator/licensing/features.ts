// codersdk.FeatureName values of v2.30.0 (codersdk/deployment.go FeatureNames) and Humanize(), which
// builds the 403 "… is a Premium feature" text.

export const FEATURE_NAMES = [
  "user_limit",
  "audit_log",
  "connection_log",
  "browser_only",
  "scim",
  "template_rbac",
  "user_role_management",
  "high_availability",
  "multiple_external_auth",
  "external_provisioner_daemons",
  "appearance",
  "advanced_template_scheduling",
  "workspace_proxy",
  "external_token_encryption",
  "workspace_batch_actions",
  "access_control",
  "control_shared_ports",
  "custom_roles",
  "multiple_organizations",
  "workspace_prebuilds",
  "managed_agent_limit",
  "aibridge",
  "boundary",
  "workspace_external_agent",
  "ai_governance_user_limit",
  "task_batch_actions",
] as const;

/** Features whose value is a limit rather than an on/off flag. */
export const LIMIT_FEATURES = new Set<string>([
  "user_limit",
  "managed_agent_limit",
  "ai_governance_user_limit",
]);

/** FeatureName.Humanize(): special cases, else title-case with "_" → " ". */
export function humanizeFeature(name: string): string {
  if (name === "template_rbac") return "Template RBAC";
  if (name === "scim") return "SCIM";
  if (name === "aibridge") return "AI Bridge"; // v2.30.0; later releases say "AI Gateway"
  return name
    .split("_")
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(" ");
}

export function premiumFeatureMessage(name: string): string {
  return `${humanizeFeature(name)} is a Premium feature. Contact sales!`;
}
