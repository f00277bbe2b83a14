import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod/v3";
import { type CoderClient, experimentHint, isNotFound, licenseLacksFeature } from "../client";
import { withoutStackTrace } from "./expected-failures";
import { LICENSE_DEPENDENCY_KEY } from "./hidden-inputs";
import { cleanForState, withoutHiddenKeys } from "./outputs";
import type { ReadSnapshots } from "./read-snapshots";
import {
  type InputProblem,
  InputProblemError,
  missingReferences,
  problemAt,
  type Reference,
} from "./references";
import { currentClient, recordTiming, setStackConfig } from "./runtime";
import { containsUnknown, isUnknown, pathTouchesUnknown } from "./unknowns";
import { inputErrorMap } from "./validation";

type Props = Record<string, any>;

/** What every resource implementation receives: the client and the resolved defaults. */
export interface ProviderContext {
  client: CoderClient;
  /** The organization to use: the explicit one, else `coderd:organization`, else the user's first. */
  organizationId(explicit?: string): Promise<string>;
  /** The process's batched reads: `read` of a list-able kind goes through it. */
  reads: ReadSnapshots;
}

/**
 * Thrown by `create` when the object exists on the server but a follow-up call failed. The engine
 * then keeps the object in state (as a partially created resource) instead of orphaning it.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly outputs: Props,
    override readonly cause: Error,
  ) {
    super(`created ${id}, but a follow-up call failed: ${cause.message}`);
    this.name = "PartialCreateError";
  }
}

export type { InputProblem } from "./references";

/**
 * The definition of one resource type. `defineResourceProvider` turns it into a full
 * `pulumi.dynamic.ResourceProvider` with the behaviour every resource shares: validation that names
 * the property and tolerates unknowns, explicit diffs, clean outputs, `{}` on 404 in `read`, 404-
 * tolerant `delete`, partial-create errors and entitlement checks at preview.
 */
export interface ResourceDefinition<I extends Props, O extends Props> {
  /** Class name, used in messages. */
  typeName: string;
  /** Validates and normalizes inputs (defaults, lower-casing) so previews never show false diffs. */
  inputs: z.ZodType<I>;
  /** Input keys compared by `diff`. */
  inputKeys: readonly (keyof I & string)[];
  /**
   * Inputs read only when the object is created (`adopt`). They never appear in a diff: once the
   * resource exists, `check` keeps the value stored at creation whatever the program says now, and
   * `read` hands it back with the refreshed inputs. (Pulumi shows a dynamic resource's diff by
   * comparing stored and new inputs key by key, so a key that differs there is displayed even when
   * `diff` ignores it.) A replacement is created from the program's value.
   */
  createOnlyKeys?: readonly (keyof I & string)[];
  /** Input keys whose change needs a replacement. */
  replaceOn?: readonly (keyof I & string)[];
  /** Delete the old object before creating its replacement? Default false: create first (no gap). */
  deleteBeforeReplace?: boolean;
  /** Custom equality for some inputs (e.g. sets); default is deep equality. */
  equals?: Partial<Record<keyof I & string, (a: any, b: any) => boolean>>;
  /**
   * A Coder feature the resource needs (or a function of the inputs giving it), checked at `check`
   * before creation so preview fails early and clearly.
   */
  feature?: RequiredFeature | ((inputs: I) => RequiredFeature | undefined);
  /**
   * A Coder experiment whose gate may refuse the resource's routes (e.g. `oauth2` on Coder v2.30),
   * checked at `check` before creation like `feature`, so preview says how to enable it.
   */
  experiment?: RequiredExperiment;
  /**
   * Fill in defaults that need the server (e.g. the default organization). `olds` are the previous
   * checked inputs (empty on create): reuse what they resolved to avoid a call per preview.
   */
  resolveDefaults?(ctx: ProviderContext, inputs: I, olds: Partial<I>): Promise<I>;
  /**
   * Checks that need the server (referenced ids exist...). Only called on fully known inputs;
   * `olds` (previous checked inputs) lets it check only what changed.
   */
  validateRemote?(ctx: ProviderContext, inputs: I, olds: Partial<I>): Promise<InputProblem[]>;
  /**
   * Checks that need no server but depend on the previous inputs (e.g. a JWT validated only when
   * it changes). Runs on fully known inputs, before anything that needs the server.
   */
  validateChange?(inputs: I, olds: Partial<I>): InputProblem[];
  /**
   * Inputs naming other Coder objects by id (as the user gave them, before `resolveDefaults`).
   * Each one whose id is new since the previous inputs is looked up at `check`; a missing object
   * is reported as a problem of its property. References a resource looks up itself (in
   * `resolveDefaults` or `validateRemote`) are not listed here.
   */
  references?(inputs: I): Reference[];
  create(ctx: ProviderContext, inputs: I): Promise<{ id: string; outs: O }>;
  /** The current server state as outputs, or `undefined` when the object is gone. */
  read(ctx: ProviderContext, id: string, olds: O): Promise<O | undefined>;
  update(ctx: ProviderContext, id: string, olds: O, news: I): Promise<O>;
  delete(ctx: ProviderContext, id: string, olds: O): Promise<void>;
}

export interface RequiredFeature {
  /** Coder's feature name, e.g. `template_rbac`. */
  name: string;
  /** How to say it to a person, e.g. `Template RBAC`. */
  humanName: string;
}

export { LICENSE_DEPENDENCY_KEY };

export interface RequiredExperiment {
  /** The experiment's name in CODER_EXPERIMENTS, e.g. `oauth2`. */
  name: string;
  /** What it enables, for the message, e.g. `Coder's OAuth2 provider`. */
  enables: string;
  /** Whether coderd currently refuses the routes because the experiment is off. */
  gated(ctx: ProviderContext): Promise<boolean>;
}

export interface ResourceProviderImpl extends pulumi.dynamic.ResourceProvider {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  /** Called by the shim after it loaded this implementation, with how long that took. */
  loaded(modulePath: string, ms: number, cpu?: NodeJS.CpuUsage): void;
}

export function defineResourceProvider<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
): ResourceProviderImpl {
  return {
    configure(req) {
      setStackConfig(req.config);
      return Promise.resolve();
    },
    loaded(modulePath, ms, cpu) {
      const cpuMs = cpu ? Math.round((cpu.user + cpu.system) / 100) / 10 : undefined;
      recordTiming({ event: "load", module: modulePath, ms: Math.round(ms * 10) / 10, cpuMs });
    },
    check: (olds, news) => guard(def, "check", () => check(def, olds, news)),
    diff: async (_id, olds, news) => diff(def, olds, news),
    create: (inputs) => guard(def, "create", () => create(def, inputs)),
    read: (id, props) => guard(def, "refresh", () => read(def, id, props)),
    update: (id, olds, news) =>
      guard(def, "update", async () => {
        const outs = await def.update(
          context(),
          id,
          withoutHiddenKeys(olds) as O,
          withoutHiddenKeys(news) as I,
        );
        return { outs: cleanForState(outs) };
      }),
    delete: (id, props) =>
      guard(def, "delete", async () => {
        try {
          await def.delete(context(), id, withoutHiddenKeys(props) as O);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }),
  };
}

/** Runs one provider method; expected failures leave it as one message, without a stack trace. */
async function guard<T>(def: { typeName: string }, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw withoutStackTrace(err, def.typeName, operation);
  }
}

export function context(): ProviderContext {
  const { client, reads } = currentClient();
  return { client, organizationId: (explicit) => client.resolveOrganizationId(explicit), reads };
}

async function check<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.CheckResult> {
  // `olds` are the previous inputs: empty when the resource is about to be created.
  const creating = Object.keys(withoutHiddenKeys(olds ?? {})).length === 0;
  const hidden = Object.fromEntries(Object.entries(news).filter(([k]) => k.startsWith("__")));
  const raw = withoutHiddenKeys(news);
  const parsed = def.inputs.safeParse(raw, { errorMap: inputErrorMap });
  if (!parsed.success) {
    const failures = parsed.error.issues
      .filter((issue) => !pathTouchesUnknown(raw, issue.path))
      .map((issue) => problemAt(issue.path, issue.message));
    // Only unknowns failed: the values will be checked again once known.
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  }
  let inputs = parsed.data;
  const previous = withoutHiddenKeys(olds ?? {}) as Partial<I>;
  if (!creating) inputs = keepCreateOnlyInputs(def, inputs, previous);
  if (containsUnknown(inputs)) return { inputs: cleanForState({ ...inputs, ...hidden }) };
  const failures: InputProblem[] = def.validateChange?.(inputs, previous) ?? [];
  if (failures.length > 0) return { inputs: cleanForState({ ...inputs, ...hidden }), failures };
  // The entitlement is checked before creation only: an existing object proves it was entitled,
  // and if a license lapsed since, the API's 403 says so with the same hint. This keeps
  // no-change previews and updates free of the extra GET /entitlements. A License created in the
  // same update is unknown during preview: then the entitlement is checked at apply.
  const feature = typeof def.feature === "function" ? def.feature(inputs) : def.feature;
  const checkFeature = feature !== undefined && creating && !isUnknown(hidden[LICENSE_DEPENDENCY_KEY]);
  const checkExperiment = def.experiment !== undefined && creating;
  // References whose id is new since the previous inputs (all of them on create).
  const references = (def.references?.(inputs) ?? []).filter(
    (ref) => !isDeepStrictEqual(lowerCased(previous[ref.property]), lowerCased(ref.id)),
  );
  if (
    !def.resolveDefaults &&
    !checkFeature &&
    !checkExperiment &&
    !def.validateRemote &&
    references.length === 0
  ) {
    return { inputs: cleanForState({ ...inputs, ...hidden }), failures };
  }
  const ctx = context();
  try {
    // A disabled experiment first: every call to its routes (references included) would be a 403.
    if (def.experiment && checkExperiment && (await def.experiment.gated(ctx))) {
      const { name, enables } = def.experiment;
      failures.push({
        property: "",
        reason:
          `this Coder deployment does not have the '${name}' experiment enabled, which ${def.typeName} needs ` +
          `(this Coder version ships ${enables} behind it). To fix: ${experimentHint([name])}.`,
      });
    }
    if (failures.length > 0) return { inputs: cleanForState({ ...inputs, ...hidden }), failures };
    // Missing referenced objects next: later steps would fail on them with a bare 404.
    failures.push(...(await missingReferences(ctx.client, references)));
    if (failures.length > 0) return { inputs: cleanForState({ ...inputs, ...hidden }), failures };
    // The entitlement lookup and the defaults (e.g. GET /users/me) are independent: run them
    // together, so the first check of a command waits for one round trip, not two.
    const entitled = feature && checkFeature ? ctx.client.isEntitled(feature.name) : undefined;
    entitled?.catch(() => {}); // awaited below; resolveDefaults may throw first
    if (def.resolveDefaults) inputs = await def.resolveDefaults(ctx, inputs, previous);
    if (feature && entitled && !(await entitled)) {
      const lacks = { feature: feature.humanName, key: feature.name, neededFor: def.typeName };
      failures.push({ property: "", reason: licenseLacksFeature(lacks) });
    }
    if (failures.length === 0 && def.validateRemote) {
      failures.push(...(await def.validateRemote(ctx, inputs, previous)));
    }
  } catch (err) {
    if (!(err instanceof InputProblemError)) throw err;
    failures.push(...err.problems);
  }
  return { inputs: cleanForState({ ...inputs, ...hidden }), failures };
}

/** The resource exists: its create-only inputs stay as stored (see `createOnlyKeys`). */
function keepCreateOnlyInputs<I extends Props>(
  def: ResourceDefinition<I, any>,
  inputs: I,
  previous: Partial<I>,
): I {
  if (!def.createOnlyKeys?.length) return inputs;
  const kept: Props = { ...inputs };
  for (const key of def.createOnlyKeys) {
    if (previous[key] === undefined) delete kept[key];
    else kept[key] = previous[key];
  }
  return kept as I;
}

function lowerCased(v: unknown): unknown {
  return typeof v === "string" ? v.toLowerCase() : v;
}

function diff<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  olds: Props,
  news: Props,
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  for (const key of def.inputKeys) {
    const next = news[key];
    const prev = olds[key];
    if (containsUnknown(next)) {
      changed.push(key);
      continue;
    }
    const eq = def.equals?.[key] ?? isDeepStrictEqual;
    if (!eq(normalizeAbsent(prev), normalizeAbsent(next))) changed.push(key);
  }
  const replaces = changed.filter((k) => def.replaceOn?.includes(k as keyof I & string));
  const providerChanged = olds.__provider !== undefined && olds.__provider !== news.__provider;
  return {
    changes: changed.length > 0 || providerChanged,
    replaces,
    deleteBeforeReplace: replaces.length > 0 ? (def.deleteBeforeReplace ?? false) : false,
  };
}

/** `null` and a missing key mean the same thing in state. */
function normalizeAbsent(v: unknown): unknown {
  return v === null ? undefined : v;
}

async function create<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  inputs: Props,
): Promise<pulumi.dynamic.CreateResult> {
  try {
    const { id, outs } = await def.create(context(), withoutHiddenKeys(inputs) as I);
    return { id, outs: cleanForState(outs) };
  } catch (err) {
    if (err instanceof PartialCreateError) {
      // The host turns an error with `id` into ErrorResourceInitFailed and keeps the object.
      // It does not add `__provider` itself; without it a later refresh/delete cannot load us.
      throw Object.assign(new Error(err.message), {
        id: err.id,
        properties: cleanForState({ ...err.outputs, __provider: inputs.__provider }),
        reasons: [err.cause.message],
      });
    }
    throw err;
  }
}

async function read<I extends Props, O extends Props>(
  def: ResourceDefinition<I, O>,
  id: string,
  props: Props | undefined,
): Promise<pulumi.dynamic.ReadResult> {
  let outs: O | undefined;
  try {
    outs = await def.read(context(), id, withoutHiddenKeys(props ?? {}) as O);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    outs = undefined;
  }
  if (outs === undefined) return {};
  const cleaned = cleanForState(outs);
  const inputs: Props = {};
  for (const key of [...def.inputKeys, ...(def.createOnlyKeys ?? [])]) {
    if (cleaned[key] !== undefined) inputs[key] = cleaned[key];
  }
  return { id, props: cleaned, inputs };
}
