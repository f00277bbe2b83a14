import * as coderd from "pulumi-coderd";

// Change regenerateToken (any value) to rotate the proxy token in place.
const proxy = new coderd.WorkspaceProxy("eu-west", {
  name: "eu-west",
  displayName: "EU West",
  icon: "/emojis/1f1ea-1f1fa.png",
  regenerateToken: "2026-11",
});

export const proxyId = proxy.id;
export const proxyToken = proxy.proxyToken; // secret: give it to the proxy as CODER_PROXY_SESSION_TOKEN
