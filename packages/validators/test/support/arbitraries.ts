import fc from "fast-check";

// Generators of request bodies for differential tests: mostly plausible values, so that a good
// share of bodies is valid, with every kind of mistake mixed in (wrong types, lengths at and
// around each limit, astral characters, unknown and dangerous keys).

const astral = fc.string({ unit: "binary", maxLength: 6 });
const anyJson = fc.jsonValue({ maxDepth: 2 });
const atLength = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: "binary", minLength: min, maxLength: max }),
  );

/** Strings from a narrow alphabet, so that near-misses are common. */
const emailAlphabet = fc.constantFrom(..."abcXYZ019.-_+!#@'`{|}~ é");
/** Email-like strings, half of them valid addresses. */
export const emailLike = fc.oneof(
  { weight: 6, arbitrary: fc.emailAddress() },
  { weight: 3, arbitrary: fc.string({ unit: emailAlphabet, maxLength: 24 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "a@b.c",
      "a@b",
      "@b.co",
      "a.@b.co",
      "a@-b.co",
      "a@b-.co",
      "A@B.CO",
      "a..b@c.de",
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ minLength: 240, maxLength: 250 }), fc.emailAddress())
      .map(([a, b]) => `${a.replace(/[^a-z]/g, "a")}${b}`),
  },
  { weight: 1, arbitrary: astral },
);

/** Phone-like strings, half of them E.164. */
export const phoneLike = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^\+[1-9]\d{1,14}$/) },
  { weight: 3, arbitrary: fc.stringMatching(/^\+?[0-9 ]{0,17}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "+1",
      "+12",
      "+0123",
      "+123456789012345",
      "+1234567890123456",
      "+1\n",
    ),
  },
  { weight: 1, arbitrary: astral },
);

/** External-id-like strings, around the 1 and 512 limits. */
export const externalIdLike = fc.oneof(
  { weight: 20, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: atLength(505, 520) },
);

const oneOrMany = (item: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 8, arbitrary: item },
    { weight: 12, arbitrary: fc.array(item, { minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(item, { minLength: 48, maxLength: 53 }) },
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: anyJson },
  );

const withWeights = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>, weight = 12) =>
  fc.oneof({ weight, arbitrary: good }, { weight: 1, arbitrary: bad });

/** Bodies of `POST /subscription/status/set`: valid and invalid in useful proportions. */
export const bodyLike = fc
  .tuple(
    fc.record(
      {
        subscription_group_id: withWeights(
          fc.oneof(
            { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
            { weight: 1, arbitrary: atLength(250, 260) },
          ),
          anyJson,
        ),
        subscription_state: withWeights(
          fc.constantFrom("subscribed", "unsubscribed"),
          fc.oneof(fc.string(), anyJson),
        ),
        external_id: withWeights(oneOrMany(externalIdLike), anyJson),
        email: withWeights(oneOrMany(withWeights(fc.emailAddress(), emailLike, 40)), anyJson),
        phone: withWeights(
          oneOrMany(withWeights(fc.stringMatching(/^\+[1-9]\d{1,14}$/), phoneLike, 40)),
          anyJson,
        ),
        use_double_opt_in_logic: withWeights(fc.boolean(), anyJson),
      },
      { requiredKeys: ["subscription_group_id", "subscription_state"] },
    ),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.dictionary(
          fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "emails"), fc.string()),
          anyJson,
          { maxKeys: 2 },
        ),
      },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant("keep") },
      { weight: 4, arbitrary: fc.constantFrom("drop email", "drop phone") },
      { weight: 1, arbitrary: fc.constant("drop subscription_group_id") },
    ),
  )
  // Fields appear independently, so "email and phone" and "no identifier" come up often; keep
  // one identifier in most bodies so that valid ones are common too. JSON round trip: these
  // are the bodies a server would see (an own "__proto__" key stays a plain key).
  .map(([fields, extra, trim]) => {
    const body: Record<string, unknown> = { ...fields };
    if (trim !== "keep") delete body[trim.slice("drop ".length)];
    return JSON.parse(JSON.stringify(Object.assign(body, extra))) as unknown;
  });

/** Any JSON value at all, for the validators' behaviour on nonsense. */
export const anyInput = fc.jsonValue({ maxDepth: 4 });
