import * as pulumi from "@pulumi/pulumi";

/**
 * Where the provider reports what it does. A module of its own so tests can observe it and so
 * resources never call `console` directly. Messages must never contain secrets, headers or
 * request/response bodies.
 */
export const providerLog = {
  debug(message: string): void {
    void pulumi.log.debug(message);
  },
  info(message: string): void {
    void pulumi.log.info(message);
  },
  warn(message: string): void {
    void pulumi.log.warn(message);
  },
};
