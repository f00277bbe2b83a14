import * as coderd from "pulumi-coderd";

const docker = coderd.getTemplate({ name: "docker" });
const alice = coderd.getUser({ username: "alice" });
const eng = new coderd.Group("eng", { name: "eng" });

// Authoritative: the ACL becomes exactly this; entries added by hand are removed on `pulumi up`.
new coderd.TemplateAcl("docker", {
  templateId: docker.then((t) => t.id),
  everyone: "none", // the organization's Everyone group loses its default `use`
  groups: eng.id.apply((id) => ({ [id]: "use" as const })),
  users: alice.then((u) => ({ [u.id]: "admin" as const })),
});
