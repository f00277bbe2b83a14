import { KeyedQueue } from "../dynamic/keyed-queue";

/**
 * What this provider process made in Coder's OAuth2 provider (one process serves a whole `pulumi
 * up`), so create recovery can tell its own lost objects from other people's. Private state behind
 * functions: the OAuth2App and OAuth2AppSecret modules share the records, never a mutable Set.
 */
const appsCreated = new Set<string>();
const secretsCreated = new Map<string, Set<string>>();
const secretCreation = new KeyedQueue();

export function recordAppCreated(appId: string): void {
  appsCreated.add(appId);
}

/** True when this process created the app: it then knows every secret the app has. */
export function wasAppCreatedHere(appId: string): boolean {
  return appsCreated.has(appId);
}

export function recordSecretCreated(appId: string, secretId: string): void {
  const set = secretsCreated.get(appId) ?? new Set<string>();
  set.add(secretId);
  secretsCreated.set(appId, set);
}

export function wasSecretCreatedHere(appId: string, secretId: string): boolean {
  return secretsCreated.get(appId)?.has(secretId) ?? false;
}

/**
 * Runs the creation of one secret of `appId`, after any other one of the same app in this process
 * has finished. Recovery after a lost answer deletes the app's secrets this process has not
 * recorded; a sibling whose POST is still in flight is not recorded yet, so without this queue the
 * recovery could delete a sibling's brand-new secret.
 */
export function serializeSecretCreation<T>(appId: string, create: () => Promise<T>): Promise<T> {
  return secretCreation.run(appId, create);
}
