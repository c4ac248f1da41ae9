import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../../src/privacy/redact";

const r = createRedactor();

describe("redaction", () => {
  it.each([
    "auth",
    "token",
    "access_token",
    "secret",
    "session",
    "sessionid",
    "password",
    "passwd",
    "pwd",
    "key",
    "api_key",
    "apiKey",
    "X-Api-Key",
    "jwt",
    "bearer",
    "sso",
    "saml",
    "SAMLResponse",
    "csrf",
    "xsrf-token",
    "credential",
    "sid",
    "cookie",
    "signature",
    "sig",
    "client_secret",
    "refreshToken",
  ])("treats %s as a secret name", (name) => expect(r.isSecretName(name)).toBe(true));

  it.each(["page", "q", "author", "keyboard", "monkey", "id", "sort", "sidebar"])(
    "keeps %s",
    (name) => expect(r.isSecretName(name)).toBe(false),
  );

  it("redacts secret query and fragment parameters, user info, emails and card numbers in URLs", () => {
    expect(
      r.url("https://x.test/a?page=2&api_key=sk_live_1&token=abc#access_token=t0k&state=ok"),
    ).toBe(
      `https://x.test/a?page=2&api_key=${REDACTED}&token=${REDACTED}#access_token=${REDACTED}&state=ok`,
    );
    expect(r.url("https://user:pw@x.test/u/jane@example.com?email=jane%40example.com")).toBe(
      `https://${REDACTED}@x.test/u/${REDACTED}?email=${encodeURIComponent(REDACTED).replace("%5Bredacted%5D", REDACTED)}`,
    );
    expect(r.url("/pay?card=4242 4242 4242 4242")).not.toContain("4242 4242");
    expect(r.url("/app/#/search?q=x&session=s1")).toBe(`/app/#/search?q=x&session=${REDACTED}`);
    expect(r.url("/plain/path")).toBe("/plain/path");
  });

  it("redacts credentials, emails and card numbers in text", () => {
    const out = r.text(
      "Bearer abc.def.ghi failed for jane.doe@example.com card 4000 0000 0000 0002 token=xyz password: hunter2 see https://x.test/?sid=1",
    );
    for (const secret of ["abc.def", "jane.doe", "4000 0000", "xyz", "hunter2", "sid=1"])
      expect(out).not.toContain(secret);
    expect(out).toContain("failed for");
    expect(r.text("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig")).toBe(REDACTED);
  });

  it("redacts Authorization, Cookie, Set-Cookie and API-key headers", () => {
    expect(
      r.headers({
        Authorization: "Bearer x",
        Cookie: "a=b",
        "Set-Cookie": "s=1",
        "X-API-Key": "k",
        "Content-Type": "application/json",
        "x-request-id": "req_1",
      }),
    ).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      "set-cookie": REDACTED,
      "x-api-key": REDACTED,
      "content-type": "application/json",
      "x-request-id": "req_1",
    });
  });

  it("redacts input values and secret keys in data, recursively", () => {
    expect(
      r.value("data", {
        value: "typed",
        password: "p",
        nested: { token: "t", note: "mail me at a@b.co" },
        count: 3,
      }),
    ).toEqual({
      value: REDACTED,
      password: REDACTED,
      nested: { token: REDACTED, note: `mail me at ${REDACTED}` },
      count: 3,
    });
  });

  it("takes extra names and /patterns/ from config.redact", () => {
    const custom = createRedactor(["tenant", "/ACME-\\d+/"]);
    expect(custom.url("/x?tenant=42&ok=1")).toBe(`/x?tenant=${REDACTED}&ok=1`);
    expect(custom.text("order ACME-1234 failed")).toBe(`order ${REDACTED} failed`);
    expect(custom.isSecretName("tenantId")).toBe(true);
  });
});
