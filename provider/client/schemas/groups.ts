import { z } from "zod/v3";
import { list, num, str, type WireSchema } from "./common";
import type { Group } from "./entities";
import { ReducedUserSchema } from "./meta";

export type { Group } from "./entities";

export const groupWireFields = {
  id: z.string(),
  name: str,
  display_name: str,
  organization_id: str,
  organization_name: str,
  organization_display_name: str,
  members: list(ReducedUserSchema),
  total_member_count: num,
  avatar_url: str,
  quota_allowance: num,
  source: str,
};
export type GroupWire = { [K in keyof typeof groupWireFields]: z.output<(typeof groupWireFields)[K]> };

export function groupFromWire<M = Group["members"][number]>(
  o: Omit<GroupWire, "members"> & { members: M[] },
): Omit<Group, "members"> & { members: M[] } {
  return {
    id: o.id,
    name: o.name,
    displayName: o.display_name,
    organizationId: o.organization_id,
    organizationName: o.organization_name,
    organizationDisplayName: o.organization_display_name,
    members: o.members,
    totalMemberCount: o.total_member_count,
    avatarUrl: o.avatar_url,
    quotaAllowance: o.quota_allowance,
    source: o.source,
  };
}

export const GroupSchema: WireSchema<Group> = z.object(groupWireFields).transform(groupFromWire);
export const GroupListSchema = list(GroupSchema);

/**
 * A group whose members are checked for their ids only: what refreshing a Group compares. A
 * member's other 10 fields are not needed there, and checking them was half of a refresh's
 * validation work (a list of 1000 groups has 2000-3000 members).
 */
export type GroupWithMemberIds = Omit<Group, "members"> & { members: Array<{ id: string }> };
export const GroupWithMemberIdsSchema: WireSchema<GroupWithMemberIds> = z
  .object({ ...groupWireFields, members: list(z.object({ id: z.string() })) })
  .transform((o) => groupFromWire(o));

export interface CreateGroupRequest {
  name: string;
  displayName?: string;
  avatarUrl?: string;
  quotaAllowance?: number;
}

/** Pointer semantics: an omitted field means "no change". `name` equal to the current name is a no-op. */
export interface UpdateGroupRequest {
  name?: string;
  displayName?: string;
  avatarUrl?: string;
  quotaAllowance?: number;
  /** User UUIDs to add (must be org members, not already in the group). */
  addUsers?: string[];
  /** User UUIDs to remove (non-members are ignored by the server). */
  removeUsers?: string[];
}
