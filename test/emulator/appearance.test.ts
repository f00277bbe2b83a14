import { describe, expect, it } from "vitest";
import { coderBody, expectNoStateChange, useEmulator } from "./harness";

const h = useEmulator({ license: "all" });

const banner = { enabled: true, message: "Maintenance Friday", background_color: "#004852" };

describe("GET/PUT /appearance", () => {
  it("a fresh deployment answers the defaults", async () => {
    const res = await h.get("/api/v2/appearance");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      application_name: "",
      logo_url: "",
      service_banner: { enabled: false },
      announcement_banners: [],
    });
    expect(res.json.docs_url).toMatch(/^https:\/\/coder\.com\/docs/);
    expect(res.json.support_links.map((l: { icon: string }) => l.icon)).toEqual([
      "docs",
      "bug",
      "chat",
      "star",
    ]);
  });

  it("PUT replaces everything, echoes the request, and GET shows it (licensed)", async () => {
    const put = await h.put("/api/v2/appearance", {
      application_name: "Acme Dev",
      logo_url: "https://acme.example/logo.png",
      announcement_banners: [banner, { enabled: false, background_color: "#ABCDEF" }],
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      application_name: "Acme Dev",
      logo_url: "https://acme.example/logo.png",
      service_banner: { enabled: false },
      announcement_banners: [banner, { enabled: false, background_color: "#ABCDEF" }],
    });
    const get = await h.get("/api/v2/appearance");
    expect(get.json.application_name).toBe("Acme Dev");
    expect(get.json.service_banner).toEqual(banner);
    expect(get.json.announcement_banners).toHaveLength(2);

    // Full replace: omitted fields become "" / [].
    expect((await h.put("/api/v2/appearance", {})).json.announcement_banners).toEqual([]);
    expect((await h.get("/api/v2/appearance")).json).toMatchObject({
      application_name: "",
      announcement_banners: [],
    });
  });

  it.each([
    ["", "expected # prefix and 6 characters"],
    ["#12345", "expected # prefix and 6 characters"],
    ["x123456", "no # prefix"],
    ["#12345G", "encoding/hex: invalid byte: U+0047 'G'"],
  ])("rejects background colour %j on any banner, enabled or not, without a write", async (color, detail) => {
    await expectNoStateChange(h, async () => {
      const res = await h.put("/api/v2/appearance", {
        application_name: "x",
        announcement_banners: [banner, { enabled: false, background_color: color }],
      });
      expect(res.status).toBe(400);
      expect(res.text).toBe(coderBody(`Invalid color format: ${JSON.stringify(color)}`, detail));
    });
  });

  it("PUT is owner-only, checked before the body is read", async () => {
    const res = await h.call("PUT", "/api/v2/appearance", { raw: "{not json", token: h.tokenOf("alice") });
    expect(res.status).toBe(403);
    expect(res.text).toBe(coderBody("Insufficient permissions to update appearance"));
  });

  it("needs a session", async () => {
    expect((await h.get("/api/v2/appearance", { token: null })).status).toBe(401);
  });
});

describe("appearance without the license feature", () => {
  it("PUT is not gated and stores the values, but GET answers defaults until licensed", async () => {
    await h.emu.control.setLicenseMode("none");
    const put = await h.put("/api/v2/appearance", {
      application_name: "Hidden",
      announcement_banners: [banner],
    });
    expect(put.status).toBe(200);
    const get = await h.get("/api/v2/appearance");
    expect(get.json).toMatchObject({ application_name: "", announcement_banners: [] });
    expect((await h.emu.control.state()).appearance).toMatchObject({ applicationName: "Hidden" });

    await h.emu.control.setLicenseMode("all");
    expect((await h.get("/api/v2/appearance")).json.application_name).toBe("Hidden");
  });
});
