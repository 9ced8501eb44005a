// The console's protective headers: a Content-Security-Policy built per request from the Host
// the browser used and the origin's port, X-Frame-Options and Referrer-Policy, on every
// console answer (pages, files, redirects, 404s).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { consoleContentSecurityPolicy, registerConsoleRoutes } from "../../../src/console/console-routes.ts";

const directives = (policy: string): Map<string, string> =>
  new Map(policy.split(";").map((part) => part.trim()).filter(Boolean).map((part) => [part.split(" ")[0]!, part.slice(part.indexOf(" ") + 1)]));

describe("the console's Content-Security-Policy", () => {
  it("allows only its own scripts, no plugins, frames or base, and the origin on the same host name", () => {
    const policy = directives(consoleContentSecurityPolicy("console.example:8080", 8081));
    assert.equal(policy.get("default-src"), "'self'");
    assert.equal(policy.get("object-src"), "'none'");
    assert.equal(policy.get("frame-ancestors"), "'none'");
    assert.equal(policy.get("base-uri"), "'none'");
    assert.equal(policy.get("worker-src"), "'self' blob:");
    assert.equal(policy.get("media-src"), "'self' blob: http://console.example:8081");
    assert.equal(policy.get("connect-src"), "'self' http://console.example:8081");
    assert.equal(policy.has("script-src"), false, "scripts fall back to default-src 'self'");
    assert.equal(directives(consoleContentSecurityPolicy("[::1]:8080", 8081)).get("connect-src"), "'self' http://[::1]:8081");
  });

  it("leaves the origin out for a Host that is not a plain name or address, so a Host cannot add directives", () => {
    for (const host of ["evil.example; script-src *", "a b", "x'y", undefined]) {
      const policy = consoleContentSecurityPolicy(host, 8081);
      assert.equal(directives(policy).get("connect-src"), "'self'", String(host));
      assert.doesNotMatch(policy, /\*/);
    }
  });
});

describe("console answers", () => {
  it("carry the policy, X-Frame-Options DENY and Referrer-Policy no-referrer", async () => {
    const app = Fastify();
    registerConsoleRoutes(app, { originPort: 8081 });
    for (const url of ["/", "/console", "/console/", "/console/console.css", "/console/hls.min.js", "/console/nothing.txt"]) {
      const response = await app.inject({ method: "GET", url, headers: { host: "127.0.0.1:8080" } });
      assert.match(String(response.headers["content-security-policy"]), /frame-ancestors 'none'.*connect-src 'self' http:\/\/127\.0\.0\.1:8081/, url);
      assert.equal(response.headers["x-frame-options"], "DENY", url);
      assert.equal(response.headers["referrer-policy"], "no-referrer", url);
    }
    await app.close();
  });
});
