import type { Bump } from "./bump.js";

/** One change between two specs and the release it needs. */
export interface SpecChange {
  /** `major` breaks consumers, `minor` adds, `patch` only touches documentation. */
  bump: Exclude<Bump, "none">;
  /** Where the change is, as a JSON pointer into the bundled head spec (or base spec if removed). */
  location: string;
  /** What changed, in words a reviewer understands. */
  message: string;
}
