import * as coderd from "pulumi-coderd";

const grafana = new coderd.OAuth2App("grafana", {
  name: "grafana",
  callbackUrl: "https://grafana.example.com/login/generic_oauth",
  icon: "/icon/grafana.svg",
});

// Bump `rotation` to rotate: the new secret is created before the old one is deleted.
const secret = new coderd.OAuth2AppSecret("grafana", { appId: grafana.id, keepers: { rotation: 1 } });

export const clientId = grafana.clientId;
export const clientSecret = secret.clientSecret; // secret
export const authorizeUrl = grafana.endpoints.apply((e) => e.authorization);
