/**
 * Files people give as a list that are no text this CLI reads, told by their first bytes, each
 * with what to do instead. Read as text they made a garbage "header" (exit 2 showing binary),
 * or, one identifier per line, lines of binary taken for external ids.
 */
const FORMATS: ReadonlyArray<{ magic: readonly number[]; what: string; instead: string }> = [
  {
    // Also every .docx, .ods, .numbers export: a zip of XML files.
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: "a zip archive (an Excel workbook, .xlsx?)",
    instead: 'save the sheet as "CSV UTF-8" and give that file',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: "an Excel 97-2003 workbook (.xls)",
    instead: 'save the sheet as "CSV UTF-8" and give that file',
  },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: "xz-compressed",
    instead: "pipe it decompressed: xz -dc <file> | braze-subscriptions … --input -",
  },
  {
    magic: [0x28, 0xb5, 0x2f, 0xfd],
    what: "zstd-compressed",
    instead: "pipe it decompressed: zstd -dc <file> | braze-subscriptions … --input -",
  },
  {
    // "BZh", the block size, then the first block's magic (the digits of pi).
    magic: [0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
    what: "bzip2-compressed",
    instead: "pipe it decompressed: bzip2 -dc <file> | braze-subscriptions … --input -",
  },
];

/** The most bytes {@link unreadableFormatOf} looks at. */
export const FORMAT_HEAD_BYTES = Math.max(...FORMATS.map(({ magic }) => magic.length));

/**
 * What the input is and what to do instead, when its first bytes are one of the formats above
 * (`-1` in a magic matches any byte); `undefined` for anything else.
 */
export function unreadableFormatOf(head: Buffer): { what: string; instead: string } | undefined {
  return FORMATS.find(
    ({ magic }) =>
      head.length >= magic.length && magic.every((byte, at) => byte < 0 || head[at] === byte),
  );
}
