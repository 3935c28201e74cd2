import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Bump, diffSpec, maxBump, type SpecChange } from "../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: table cases edit arbitrary spec JSON
type Spec = Record<string, any>;

const base: Spec = JSON.parse(readFileSync(new URL("fixtures/base.json", import.meta.url), "utf8"));
const clone = (): Spec => structuredClone(base);
const thing = (spec: Spec) => spec.components.schemas.Thing;
const result = (spec: Spec) => spec.components.schemas.ThingResult;
const post = (spec: Spec) => spec.paths["/things"].post;

interface Case {
  /** Edits a copy of fixtures/base.json into the head spec. */
  given: (spec: Spec) => void;
  /** The bump the whole diff needs, and a change message that must be among the changes. */
  want: { bump: Bump; message: RegExp };
}

const cases: [string, Case][] = [
  // Breaking → major
  [
    "removed path",
    {
      given: (s) => delete s.paths["/things"],
      want: { bump: "major", message: /path \/things removed/ },
    },
  ],
  [
    "removed operation",
    {
      given: (s) => {
        s.paths["/things"].get = post(s);
        delete s.paths["/things"].post;
      },
      want: { bump: "major", message: /operation POST \/things removed/ },
    },
  ],
  [
    "removed request field",
    {
      given: (s) => delete thing(s).properties.kind,
      want: { bump: "major", message: /field "kind" removed/ },
    },
  ],
  [
    "removed response field",
    {
      given: (s) => delete result(s).properties.id,
      want: { bump: "major", message: /field "id" removed/ },
    },
  ],
  [
    "removed enum value",
    {
      given: (s) => {
        thing(s).properties.kind.enum = ["small"];
      },
      want: { bump: "major", message: /enum value "large" removed/ },
    },
  ],
  [
    "new required request field",
    {
      given: (s) => {
        thing(s).properties.owner = { type: "string" };
        thing(s).required.push("owner");
      },
      want: { bump: "major", message: /new required field "owner"/ },
    },
  ],
  [
    "optional request field made required",
    {
      given: (s) => thing(s).required.push("kind"),
      want: { bump: "major", message: /field "kind" is now required/ },
    },
  ],
  [
    "required response field made optional",
    {
      given: (s) => {
        result(s).required = [];
      },
      want: { bump: "major", message: /field "status" is no longer required/ },
    },
  ],
  [
    "tightened maxItems",
    {
      given: (s) => {
        thing(s).properties.tags.maxItems = 3;
      },
      want: { bump: "major", message: /maxItems tightened from 5 to 3/ },
    },
  ],
  [
    "tightened maxLength",
    {
      given: (s) => {
        thing(s).properties.name.maxLength = 8;
      },
      want: { bump: "major", message: /maxLength tightened/ },
    },
  ],
  [
    "raised minLength",
    {
      given: (s) => {
        thing(s).properties.name.minLength = 2;
      },
      want: { bump: "major", message: /minLength tightened from 1 to 2/ },
    },
  ],
  [
    "new upper limit",
    {
      given: (s) => {
        result(s).properties.id.maxLength = 64;
      },
      want: { bump: "major", message: /maxLength tightened from undefined to 64/ },
    },
  ],
  [
    "changed pattern",
    {
      given: (s) => {
        thing(s).properties.name.pattern = "^[a-z0-9]+$";
      },
      want: { bump: "major", message: /pattern tightened/ },
    },
  ],
  [
    "new format",
    {
      given: (s) => {
        result(s).properties.id.format = "uuid";
      },
      want: { bump: "major", message: /format tightened/ },
    },
  ],
  [
    "changed type",
    {
      given: (s) => {
        thing(s).properties.name.type = "integer";
      },
      want: { bump: "major", message: /type changed from string to integer/ },
    },
  ],
  [
    "closed additionalProperties",
    {
      given: (s) => {
        result(s).additionalProperties = false;
      },
      want: { bump: "major", message: /additionalProperties now refused/ },
    },
  ],
  [
    "new required parameter",
    {
      given: (s) => {
        post(s).parameters.push({
          name: "tenant",
          in: "header",
          required: true,
          schema: { type: "string" },
        });
      },
      want: { bump: "major", message: /new required parameter header:tenant/ },
    },
  ],
  [
    "removed response",
    {
      given: (s) => delete post(s).responses["400"],
      want: { bump: "major", message: /response 400 removed/ },
    },
  ],
  [
    "removed server",
    {
      given: (s) => {
        s.servers = [];
      },
      want: { bump: "major", message: /server https:\/\/api.example.test removed/ },
    },
  ],
  [
    "tightened rate limit",
    {
      given: (s) => {
        post(s)["x-rate-limit"].limit = 50;
      },
      want: { bump: "major", message: /rate limit limit tightened from 100 to 50/ },
    },
  ],
  [
    "renamed operationId",
    {
      given: (s) => {
        post(s).operationId = "makeThing";
      },
      want: { bump: "major", message: /operationId changed/ },
    },
  ],
  [
    "unknown change is treated as breaking",
    {
      given: (s) => {
        s.openapi = "3.0.3";
      },
      want: { bump: "major", message: /openapi changed from "3.1.0" to "3.0.3"/ },
    },
  ],
  [
    "changed security scheme",
    {
      given: (s) => {
        s.components.securitySchemes.ApiKey.scheme = "basic";
      },
      want: {
        bump: "major",
        message: /securitySchemes.ApiKey.scheme changed from "bearer" to "basic"/,
      },
    },
  ],
  // Additive → minor
  [
    "unknown addition is treated as additive",
    {
      given: (s) => {
        s.jsonSchemaDialect = "https://example.test/dialect";
      },
      want: { bump: "minor", message: /jsonSchemaDialect added/ },
    },
  ],
  [
    "new optional request field",
    {
      given: (s) => {
        thing(s).properties.color = { type: "string" };
      },
      want: { bump: "minor", message: /new optional field "color"/ },
    },
  ],
  [
    "new required response field",
    {
      given: (s) => {
        result(s).properties.at = { type: "string" };
        result(s).required.push("at");
      },
      want: { bump: "minor", message: /new required field "at"/ },
    },
  ],
  [
    "new operation",
    {
      given: (s) => {
        s.paths["/things"].get = {
          operationId: "listThings",
          responses: { "200": { description: "OK" } },
        };
      },
      want: { bump: "minor", message: /operation GET \/things added/ },
    },
  ],
  [
    "new path",
    {
      given: (s) => {
        s.paths["/other"] = { get: { responses: { "200": { description: "OK" } } } };
      },
      want: { bump: "minor", message: /path \/other added/ },
    },
  ],
  [
    "new response",
    {
      given: (s) => {
        post(s).responses["429"] = { description: "Too many" };
      },
      want: { bump: "minor", message: /response 429 added/ },
    },
  ],
  [
    "enum value removed from what a response may say",
    {
      given: (s) => {
        result(s).properties.status.enum = ["ok"];
      },
      want: { bump: "minor", message: /enum value "queued" removed/ },
    },
  ],
  [
    "a response field's values restricted",
    {
      given: (s) => {
        result(s).properties.id.enum = ["t-1"];
      },
      want: { bump: "minor", message: /values now restricted to \["t-1"\]/ },
    },
  ],
  [
    "new enum value on a response",
    {
      given: (s) => {
        result(s).properties.status.enum.push("deferred");
      },
      want: { bump: "minor", message: /enum value "deferred" added/ },
    },
  ],
  [
    "loosened maxItems",
    {
      given: (s) => {
        thing(s).properties.tags.maxItems = 10;
      },
      want: { bump: "minor", message: /maxItems loosened from 5 to 10/ },
    },
  ],
  [
    "removed pattern",
    {
      given: (s) => delete thing(s).properties.name.pattern,
      want: { bump: "minor", message: /pattern removed/ },
    },
  ],
  [
    "new optional parameter",
    {
      given: (s) => {
        post(s).parameters.push({ name: "trace", in: "query", schema: { type: "string" } });
      },
      want: { bump: "minor", message: /new optional parameter query:trace/ },
    },
  ],
  [
    "new response header",
    {
      given: (s) => {
        post(s).responses["201"].headers["X-Request-Id"] = { schema: { type: "string" } };
      },
      want: { bump: "minor", message: /response header X-Request-Id added/ },
    },
  ],
  [
    "new server",
    {
      given: (s) => {
        s.servers.push({ url: "https://eu.example.test" });
      },
      want: { bump: "minor", message: /server https:\/\/eu.example.test added/ },
    },
  ],
  [
    "new schema",
    {
      given: (s) => {
        s.components.schemas.Extra = { type: "string" };
      },
      want: { bump: "minor", message: /schema Extra added/ },
    },
  ],
  [
    "deprecated operation",
    {
      given: (s) => {
        post(s).deprecated = true;
      },
      want: { bump: "minor", message: /operation deprecated/ },
    },
  ],
  // Documentation only → patch
  [
    "reworded description inside an object without rules",
    {
      given: (s) => {
        s.components.securitySchemes.ApiKey.description = "A bearer key, reworded.";
      },
      want: { bump: "patch", message: /description changed/ },
    },
  ],
  [
    "changed description",
    {
      given: (s) => {
        thing(s).description = "A thing, better described.";
      },
      want: { bump: "patch", message: /description changed \(documentation only\)/ },
    },
  ],
  [
    "changed summary",
    {
      given: (s) => {
        post(s).summary = "Make a thing";
      },
      want: { bump: "patch", message: /summary changed/ },
    },
  ],
  [
    "new examples",
    {
      given: (s) => {
        thing(s).properties.name.examples = ["abc"];
      },
      want: { bump: "patch", message: /examples added/ },
    },
  ],
  [
    "changed info",
    {
      given: (s) => {
        s.info.version = "1.0.1";
        s.info.description = "Now with words.";
      },
      want: { bump: "patch", message: /info changed/ },
    },
  ],
  [
    "changed server description",
    {
      given: (s) => {
        s.servers[0].description = "Prod";
      },
      want: { bump: "patch", message: /description changed/ },
    },
  ],
  [
    "changed response description behind a $ref",
    {
      given: (s) => {
        s.components.responses.BadRequest.description = "Invalid";
      },
      want: { bump: "patch", message: /description changed/ },
    },
  ],
];

describe("diffSpec classifies", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const head = clone();
    given(head);
    const changes = diffSpec(base, head);
    expect(maxBump(changes.map((change) => change.bump))).toBe(want.bump);
    expect(changes.map((change) => change.message)).toContainEqual(
      expect.stringMatching(want.message),
    );
  });
});

describe("diffSpec", () => {
  it("finds no change between a spec and its copy", () => {
    expect(diffSpec(base, clone())).toEqual([]);
  });

  it("points at the changed place with a JSON pointer", () => {
    const head = clone();
    thing(head).properties.tags.maxItems = 3;
    expect(diffSpec(base, head)).toEqual<SpecChange[]>([
      {
        bump: "major",
        location: "/components/schemas/Thing/properties/tags/maxItems",
        message: "maxItems tightened from 5 to 3",
      },
    ]);
  });

  it("judges a schema by how it travels: a new required field breaks requests only", () => {
    const head = clone();
    head.components.schemas.Error.properties.code = { type: "string" };
    head.components.schemas.Error.required = ["code"];
    expect(maxBump(diffSpec(base, head).map((change) => change.bump))).toBe("minor");
  });

  it("compares an inlined schema with the component it replaced by content", () => {
    const head = clone();
    post(head).requestBody.content["application/json"].schema = structuredClone(thing(base));
    expect(diffSpec(base, head)).toEqual([]);
  });

  it("reports every change, not only the largest", () => {
    const head = clone();
    thing(head).properties.tags.maxItems = 3;
    thing(head).properties.color = { type: "string" };
    post(head).summary = "Make a thing";
    expect(
      diffSpec(base, head)
        .map((change) => change.bump)
        .sort(),
    ).toEqual(["major", "minor", "patch"]);
  });
});
