// A chi-like router: mounts carry middleware that runs (in order) before the mount resolves its
// routes, exactly like chi's r.Route(...){ r.Use(...) }. This matters because coderd's feature gates
// and auth run before routing inside a group: an unlicensed `PUT /groups/x` is a 403, not a 405.
// Within a mount, routes whose path matches fully win; a path that matches but with another method is
// 405; otherwise the most specific child mount is tried; otherwise 404 "Route not found.".

import type { IncomingMessage } from "node:http";
import type { Reply } from "./response";
import { routeNotFound } from "./response";

export interface BaseContext {
  req: IncomingMessage;
  method: string;
  /** URL path params (chi.URLParam). */
  params: Record<string, string>;
  query: URLSearchParams;
  bodyText: string;
}

export type Middleware<C> = (ctx: C) => void | Promise<void>;
export type Handler<C> = (ctx: C) => Reply | Promise<Reply>;

interface Route<C> {
  method: string;
  segments: string[];
  handler: Handler<C>;
}

function splitPattern(pattern: string): string[] {
  return pattern.split("/").filter((s) => s !== "");
}

/** Literal segments sort before params so `/provisionerkeys/daemons` beats `/provisionerkeys/{name}`. */
function specificity(segments: string[]): number[] {
  return [segments.length, segments.filter((s) => !s.startsWith(":")).length];
}

function matchSegments(pattern: string[], segs: string[], params: Record<string, string>): boolean {
  if (pattern.length > segs.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(":")) {
      if (segs[i] === "") return false;
      params[p.slice(1)] = segs[i]!;
    } else if (p !== segs[i]) return false;
  }
  return true;
}

export class Mount<C extends BaseContext> {
  private readonly routes: Route<C>[] = [];
  private readonly children: Mount<C>[] = [];

  constructor(
    readonly segments: string[] = [],
    private readonly middleware: Middleware<C>[] = [],
  ) {}

  /** A sub-group with its own middleware (chi r.Route + r.Use). */
  mount(pattern: string, middleware: Middleware<C>[], build: (m: Mount<C>) => void): this {
    const child = new Mount<C>(splitPattern(pattern), middleware);
    build(child);
    this.children.push(child);
    this.children.sort((a, b) => {
      const [la, lita] = specificity(a.segments);
      const [lb, litb] = specificity(b.segments);
      return lb! - la! || litb! - lita!;
    });
    return this;
  }

  private add(method: string, pattern: string, handler: Handler<C>): this {
    this.routes.push({ method, segments: splitPattern(pattern), handler });
    this.routes.sort((a, b) => specificity(b.segments)[1]! - specificity(a.segments)[1]!);
    return this;
  }

  get(p: string, h: Handler<C>) {
    return this.add("GET", p, h);
  }
  post(p: string, h: Handler<C>) {
    return this.add("POST", p, h);
  }
  put(p: string, h: Handler<C>) {
    return this.add("PUT", p, h);
  }
  patch(p: string, h: Handler<C>) {
    return this.add("PATCH", p, h);
  }
  delete(p: string, h: Handler<C>) {
    return this.add("DELETE", p, h);
  }

  /** Dispatch `segs` (already relative to this mount); runs this mount's middleware first. */
  async dispatch(ctx: C, segs: string[]): Promise<Reply> {
    for (const mw of this.middleware) await mw(ctx);
    const allowed: string[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      if (!matchSegments(route.segments, segs, params)) continue;
      if (route.method === ctx.method) {
        Object.assign(ctx.params, params);
        return route.handler(ctx);
      }
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      // chi's default 405: empty body, Allow header.
      return { status: 405, headers: { Allow: [...new Set(allowed)].join(", ") } };
    }
    for (const child of this.children) {
      const params: Record<string, string> = {};
      if (child.segments.length === 0 || !matchSegments(child.segments, segs, params)) continue;
      Object.assign(ctx.params, params);
      return child.dispatch(ctx, segs.slice(child.segments.length));
    }
    throw routeNotFound();
  }

  /** Every route as `METHOD /a/{param}/b` below `prefix` (for the behaviour reference's route table). */
  listRoutes(prefix = ""): string[] {
    const here = [prefix, ...this.segments.map((s) => (s.startsWith(":") ? `{${s.slice(1)}}` : s))]
      .filter((s) => s !== "")
      .join("/");
    const path = (segments: string[]) =>
      `/${[here, ...segments.map((s) => (s.startsWith(":") ? `{${s.slice(1)}}` : s))].filter((s) => s !== "").join("/")}`;
    return [
      ...this.routes.map((r) => `${r.method} ${path(r.segments)}`),
      ...this.children.flatMap((c) => c.listRoutes(here)),
    ];
  }
}

/**
 * Splits a raw request path into segments the way chi sees them: decoded, unless the path contains
 * an encoded slash (Go then keeps RawPath and chi routes on the raw, still-encoded form).
 * Returns undefined for an undecodable path (Go's server answers 400 Bad Request).
 */
export function pathSegments(rawPath: string): string[] | undefined {
  const trimmed = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath;
  const raw = trimmed.split("/").slice(1);
  if (/%2f/i.test(trimmed)) return raw;
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}
