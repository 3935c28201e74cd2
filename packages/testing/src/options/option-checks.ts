/** Throws the `TypeError` of a bad option: its name, what was expected, what was given. */
export type Fail = (name: string, expected: string, got: unknown) => never;

/** Reads an integer option of at least `min`, or `fallback` when it is unset; fails otherwise. */
export type Int = (name: string, value: unknown, fallback: number, min: number) => number;
