import * as coderd from "pulumi-coderd";

const ml = new coderd.Group("ml", { name: "ml", displayName: "Machine Learning" });
const interns = new coderd.Group("interns", { name: "interns" });

// Limits are in US dollars (Coder stores micro-dollars: see the spendLimitMicros output).
export const mlLimitMicros = new coderd.GroupAiBudget("ml", { groupId: ml.id, spendLimitUsd: 2500 })
  .spendLimitMicros;
// 0 is never a default: it blocks all AI spend, so it is written out.
new coderd.GroupAiBudget("interns", { groupId: interns.id, spendLimitUsd: 0 });
