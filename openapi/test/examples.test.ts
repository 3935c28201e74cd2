import { describe, expect, it } from "vitest";
import { deref, type Node, operations, responseExamples } from "./support/bundled-spec.js";

// Snake-case words in a message are the names of parameters or body fields.
const FIELD_NAME = /\b[a-z]+(?:_[a-z]+)+\b/g;

// Every property name of a schema, however deep (v2 groups hold their own lists).
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  const node = deref(schema);
  if (node === null || typeof node !== "object") return into;
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties") for (const name of Object.keys(value as Node)) into.add(name);
    if (value !== null && typeof value === "object") propertyNames(value, into);
  }
  return into;
}

// The names a request of `operation` can carry: its query parameters and body fields.
function namesOf(operation: Node): Set<string> {
  const names = new Set<string>();
  for (const parameter of (operation.parameters ?? []) as unknown[]) {
    names.add(deref(parameter).name as string);
  }
  const body = operation.requestBody === undefined ? undefined : deref(operation.requestBody);
  for (const media of Object.values((body?.content ?? {}) as Node)) {
    propertyNames((media as Node).schema, names);
  }
  return names;
}

describe("the error examples the docs show", () => {
  // Shared responses (BadQuery serves both reads) are shown under every operation that uses
  // them: an example naming a parameter the operation lacks misleads its readers.
  it.each(operations().map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: name only parameters and fields of the operation",
    (_, { operation }) => {
      const names = namesOf(operation);
      for (const { status, name, example } of responseExamples(operation)) {
        const message = (example.value as Node | undefined)?.message;
        if (typeof message !== "string") continue;
        for (const word of message.match(FIELD_NAME) ?? []) {
          expect(names, `${status} example ${name} names ${word}`).toContain(word);
        }
      }
    },
  );

  // Same for a shared response's description: `email` and `phone` are v1's fields, v2's are
  // `emails` and `phones`. Only names some operation takes are checked (`message` is a field
  // of the answer, not the request).
  it.each(operations().map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: response descriptions name only its own request fields",
    (_, { operation }) => {
      const everyName = new Set(operations().flatMap((o) => [...namesOf(o.operation)]));
      const names = namesOf(operation);
      for (const [status, response] of Object.entries(operation.responses as Node)) {
        const text = String(deref(response).description ?? "");
        for (const [, word] of text.matchAll(/`([a-z_]+)`/g)) {
          if (word === undefined || !everyName.has(word)) continue;
          expect(names, `${status} description names ${word}`).toContain(word);
        }
      }
    },
  );

  // Braze documents the wording of two refusals only; the other bodies are the spec's (and
  // the fake answers with them). A reader of the docs must see which is which.
  it.each(operations().map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s: say whether their wording is Braze's or illustrative",
    (_, { operation }) => {
      for (const { status, mediaType, name, example } of responseExamples(operation)) {
        if (status.startsWith("2")) continue;
        expect(
          example.description,
          `${status} ${mediaType} example ${name} has no description saying where it comes from`,
        ).toMatch(/^(Braze's documented message|Illustrative:)/);
      }
    },
  );
});
