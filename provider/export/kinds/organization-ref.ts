// How exported resources name their organization: a reference, so the program works on another
// deployment with organizations of the same names.

import type { Organization } from "../../client";
import type { ExportContext } from "../model";
import type { Ref } from "../source";

export function organizationRef(ctx: ExportContext, org: Organization): Ref {
  return ctx.ref(org.id, { kind: "organization", name: org.name });
}
