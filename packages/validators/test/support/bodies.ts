/** A minimal valid body; tests spread it and change one thing. */
export const base = {
  subscription_group_id: "group-1",
  subscription_state: "subscribed",
} as const;

/** `n` distinct valid values of each identifier kind. */
export const many = {
  externalIds: (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`),
  emails: (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`),
  phones: (n: number) => Array.from({ length: n }, (_, i) => `+1555${String(1_000_000 + i)}`),
};
