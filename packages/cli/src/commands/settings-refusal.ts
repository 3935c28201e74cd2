import { operationMetadata } from "@braze-subscriptions/client";
import { likelyCauseOf } from "@braze-subscriptions/runtime";

/**
 * Braze's answers that refuse the command's settings (a wrong key, a key without the call's
 * permission, a wrong instance or URL): every request meets them alike, so a rerun does not
 * help, and the commands tell them in one line (exit 2).
 */
export const SETTINGS_REFUSED: ReadonlySet<number> = new Set([401, 403, 404]);

/** The permission of the status read (`verify`'s reads, `--skip-unchanged`'s). */
export const STATUS_READ_PERMISSION = operationMetadata.getSubscriptionStatus.requiredPermission;

/**
 * The likely cause of a settings refusal of a call that needs `permission` (see
 * {@link SETTINGS_REFUSED}), or `undefined` for any other status.
 */
export function settingsRefusalCause(status: number, permission: string): string | undefined {
  return SETTINGS_REFUSED.has(status) ? likelyCauseOf(status, permission) : undefined;
}
