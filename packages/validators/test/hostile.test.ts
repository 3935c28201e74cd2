import { afterAll, describe, expect, it } from "vitest";
import {
  isEmail,
  isSetSubscriptionStatusBody,
  MAX_ISSUES,
  requestBodyValidators,
  schemaValidators,
  validateSetSubscriptionStatusBody,
} from "../src/index.js";
import { base } from "./support/bodies.js";

const MB = 1024 * 1024;
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
const deep = (levels: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const deepObject = (levels: number): unknown => {
  let value: unknown = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error("get trap");
    },
    ownKeys() {
      throw new Error("ownKeys trap");
    },
    getOwnPropertyDescriptor() {
      throw new Error("descriptor trap");
    },
    getPrototypeOf() {
      throw new Error("prototype trap");
    },
  },
);
const revoked = Proxy.revocable({}, {});
revoked.revoke();

// Values nobody should send, each given to every generated validator.
const hostile: Array<[string, unknown]> = [
  ["null", null],
  ["undefined", undefined],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["a bigint", 10n],
  ["a symbol", Symbol("s")],
  ["a function", () => 1],
  ["a Date", new Date(0)],
  ["a Map", new Map([["subscription_group_id", "g"]])],
  ["a 1 MB string", "a".repeat(MB)],
  ["a 1 MB almost-email", `${"a".repeat(MB)}@example`],
  ["a 1 MB almost-phone", `+1${"2".repeat(MB)}`],
  ["a 1 MB string of lone surrogates", "\ud800".repeat(MB)],
  ["10,000 nested arrays", deep(10_000)],
  ["10,000 nested objects", deepObject(10_000)],
  ["a proxy whose every trap throws", throwingProxy],
  ["a revoked proxy", revoked.proxy],
  [
    "an array proxy that throws",
    new Proxy([], {
      get: () => {
        throw new Error("no");
      },
    }),
  ],
  [
    "an object with a throwing getter",
    Object.defineProperty({ ...base }, "external_id", {
      enumerable: true,
      get: () => {
        throw throwingProxy;
      },
    }),
  ],
  [
    "a JSON __proto__ key",
    JSON.parse(
      `{"subscription_group_id":"g","subscription_state":"subscribed","external_id":"u","__proto__":{"polluted":true}}`,
    ),
  ],
  [
    "a constructor key",
    { ...base, external_id: "u", constructor: { prototype: { polluted: true } } },
  ],
  ["a sparse array", { ...base, external_id: new Array(3) }],
  ["a million external ids", { ...base, external_id: new Array(1_000_000).fill("u") }],
  ["a 1 MB key", { ...base, external_id: "u", ["k".repeat(MB)]: 1 }],
  ["a key with a newline", { ...base, external_id: "u", "line\nbreak": 1 }],
];

const validators = [...Object.entries(schemaValidators), ...Object.entries(requestBodyValidators)];

describe("never throws, whatever the input", () => {
  it.each(hostile)("%s", (_name, input) => {
    for (const [, validate] of validators) {
      const result = validate(input);
      expect(typeof result.ok).toBe("boolean");
      if (!result.ok) {
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
        for (const issue of result.errors) {
          expect(issue.message).not.toMatch(/\n/);
          expect(issue.message.length).toBeLessThan(400);
        }
      }
    }
    expect(() => isSetSubscriptionStatusBody(input)).not.toThrow();
    expect(() => isEmail(input)).not.toThrow();
  });
});

describe("what hostile inputs get back", () => {
  it("a throwing getter becomes one 'unreadable' issue", () => {
    const input = Object.defineProperty({ ...base }, "email", {
      enumerable: true,
      get: () => {
        throw new Error("secret detail");
      },
    });
    const result = validateSetSubscriptionStatusBody(input);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "",
          code: "unreadable",
          message: "value could not be read (a getter or a proxy threw)",
        },
      ],
    });
  });

  it("a __proto__ key from JSON is an unknown field, not a prototype", () => {
    const input = JSON.parse(
      `{"subscription_group_id":"g","subscription_state":"subscribed","email":"a@example.com","__proto__":{"x":1}}`,
    );
    const result = validateSetSubscriptionStatusBody(input);
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ path: "/__proto__", code: "additionalProperties" }),
    ]);
  });

  it("inherited properties do not count: only what JSON.stringify would send", () => {
    const input = Object.assign(Object.create({ external_id: "inherited" }), base);
    const result = validateSetSubscriptionStatusBody(input);
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(["required"]);
  });

  it("null-prototype and frozen bodies are fine", () => {
    const body = Object.freeze(
      Object.assign(Object.create(null), { ...base, phone: Object.freeze(["+12223334444"]) }),
    );
    expect(validateSetSubscriptionStatusBody(body)).toEqual({ ok: true, value: body });
  });

  it("a property whose value is undefined is absent, as in JSON", () => {
    expect(
      validateSetSubscriptionStatusBody({ ...base, external_id: "u", email: undefined }).ok,
    ).toBe(true);
  });

  it("a million items give one maxItems issue, not a million", () => {
    const result = validateSetSubscriptionStatusBody({
      ...base,
      external_id: new Array(1_000_000).fill(1),
    });
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({ path: "/external_id", code: "maxItems" }),
    ]);
  });

  it(`stops listing after ${MAX_ISSUES} issues and says so`, () => {
    const input: Record<string, unknown> = { ...base, external_id: "u" };
    for (let i = 0; i < 500; i++) input[`extra${i}`] = i;
    const result = validateSetSubscriptionStatusBody(input);
    expect(!result.ok && result.errors.length).toBe(MAX_ISSUES + 1);
    expect(!result.ok && result.errors.at(-1)?.code).toBe("tooManyIssues");
  });

  it("a 1 MB key is cut in the message but exact in the path", () => {
    const key = "k".repeat(MB);
    const result = validateSetSubscriptionStatusBody({ ...base, external_id: "u", [key]: 1 });
    expect(!result.ok && result.errors[0]?.path).toBe(`/${key}`);
    expect(!result.ok && result.errors[0]?.message.length).toBeLessThan(300);
  });

  it("lookup tables have no prototype to fall back on", () => {
    expect(schemaValidators.constructor).toBeUndefined();
    expect(Reflect.get(schemaValidators, "__proto__")).toBeUndefined();
    expect(requestBodyValidators.toString).toBeUndefined();
    expect(Object.isFrozen(schemaValidators)).toBe(true);
    expect(Object.isFrozen(requestBodyValidators)).toBe(true);
  });
});

afterAll(() => {
  // Nothing above may have written to a shared prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
});
