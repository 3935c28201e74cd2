import type { InputRecord } from "./input-record.js";

/** What the UTF-8 decoder puts where the bytes are not UTF-8 (U+FFFD, shown as �). */
export const UNDECODABLE = "\uFFFD";

/**
 * The record of a row whose `cell` (its identifier, group or state; `text` as read holds
 * {@link UNDECODABLE}) the decoder could not read. A file saved in another encoding (Excel's
 * "CSV" on Windows writes Windows-1252) turned `josé-42` into `jos�-42`: an external id that
 * passes every check, and was sent, "succeeded", for a user who does not exist. An identifier
 * never holds U+FFFD on purpose, so such a row is invalid, named for what is wrong.
 */
export function notUtf8(line: number, cell: string, text: string): InputRecord {
  return {
    kind: "malformed",
    line,
    code: "not_utf8",
    message: `its ${cell} ${JSON.stringify(text)} holds bytes that are not UTF-8 (shown as ${UNDECODABLE}): the file is likely in another encoding (Excel's "CSV" on Windows writes Windows-1252): save it as "CSV UTF-8", or convert it (iconv -f WINDOWS-1252 -t UTF-8)`,
  };
}
