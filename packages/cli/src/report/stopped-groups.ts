/** Why a group of a multi-group job was kept back: a repeated refusal, or the preflight read. */
export type GroupStopReason = "systematic_failure" | "preflight";

/** The groups kept back, by reason: the first few names, and whether there were more. */
export type StoppedGroups = Partial<Record<GroupStopReason, { names: string[]; more: boolean }>>;
