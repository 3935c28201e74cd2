/**
 * Why Braze likely refused a call that would pass with a right key, instance and group: the
 * refusal points at the caller's settings, not at its data (the preflight read's stops, and
 * the CLI's one-line errors). `permission` is what the refused call needs, for a 403; without
 * it a 403 has no likely cause here (a preflight read's 403 is a permission the writes do not
 * need). `undefined` for any other status.
 */
export function likelyCauseOf(status: number, permission?: string): string | undefined {
  switch (status) {
    case 400:
      return "Braze refused the subscription group (or the identifier): check the group id, and that it belongs to this workspace";
    case 401:
      return "the API key was refused: a wrong key, or a key of another instance or workspace";
    case 403:
      return permission === undefined ? undefined : `the API key lacks ${permission}`;
    case 404:
      return "the URL was not found: check the instance or base URL";
    default:
      return undefined;
  }
}

/**
 * True when a refusal of this status concerns the group alone: Braze accepted the key and the
 * URL and refused what the request named (the cause {@link likelyCauseOf} gives for it). A job
 * of rows stops only that group's rows on it; a 401, 403 or 404 concerns every group.
 */
export function refusesGroupAlone(status: number | undefined): boolean {
  return status === 400;
}
