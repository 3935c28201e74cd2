import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";
import { GZIP_MAGIC, isGzipHead } from "./gzip-magic.js";
import { peek } from "./peek.js";
import { FORMAT_HEAD_BYTES, unreadableFormatOf } from "./unreadable-formats.js";

/**
 * An input's text as UTF-8 bytes, whatever form the file came in, told by its first bytes
 * (never by its name): gzip data is gunzipped (a `.csv.gz` export), UTF-16 text with a
 * byte-order mark (Excel's "Unicode Text" export) is transcoded, and a workbook or another
 * compression is an {@link InputError} saying what to give instead. Anything else passes
 * through as it is (UTF-8, with or without a mark, which the line reader drops). A file is
 * counted before it is read, so gzip data that is cut off (a download that stopped) or
 * corrupt is found by the count: a one-line {@link InputError}, before anything is sent.
 */
export function inputBytes(stream: Readable, label: string): Readable {
  const chunks = utf8OfUtf16(refusingUnreadable(gunzipped(buffersOf(stream), label), label));
  return Readable.from(chunks, { objectMode: false });
}

async function* buffersOf(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>)
    yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

/**
 * The first `count` bytes of `chunks` (fewer when they end first), and every chunk again: a
 * pipe may hand over a single byte first.
 */
async function firstBytes(chunks: AsyncIterable<Buffer>, count: number) {
  const { head, all } = await peek(chunks, (read) => Buffer.concat(read).length >= count);
  return { head: Buffer.concat(head).subarray(0, count), chunks: all };
}

async function* gunzipped(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const { head, chunks } = await firstBytes(source, GZIP_MAGIC.length);
  if (!isGzipHead(head)) {
    yield* chunks;
    return;
  }
  // pipeline: an error reading the file reaches the gunzip stream (and so the reader).
  const gunzip = pipeline(Readable.from(chunks), createGunzip(), () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (!isZlibError(error)) throw error;
    throw new InputError(
      `cannot read input ${label}: its gzip data is cut off or corrupt (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** zlib's errors carry `Z_…` codes (`Z_BUF_ERROR` for data cut off, `Z_DATA_ERROR`…). */
function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

/** Passes the bytes on, unless they are a workbook or a compression this CLI cannot read. */
async function* refusingUnreadable(
  source: AsyncIterable<Buffer>,
  label: string,
): AsyncGenerator<Buffer> {
  const { head, chunks } = await firstBytes(source, FORMAT_HEAD_BYTES);
  const format = unreadableFormatOf(head);
  if (format !== undefined)
    throw new InputError(`cannot read input ${label}: it is ${format.what}: ${format.instead}`);
  yield* chunks;
}

/** The byte-order marks of UTF-16 text, and the decoder each one names. */
const UTF16_MARKS = [
  { mark: Buffer.from([0xff, 0xfe]), encoding: "utf-16le" },
  { mark: Buffer.from([0xfe, 0xff]), encoding: "utf-16be" },
] as const;

async function* utf8OfUtf16(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const { head, chunks } = await firstBytes(source, 2);
  const found = UTF16_MARKS.find(({ mark }) => head.equals(mark));
  if (found === undefined) {
    yield* chunks;
    return;
  }
  // The decoder drops the mark, keeps a character split across chunks for the next one, and
  // turns what is not UTF-16 into U+FFFD, whose rows the readers then refuse (`not_utf8`).
  const decoder = new TextDecoder(found.encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== "") yield Buffer.from(text, "utf8");
  }
  const rest = decoder.decode();
  if (rest !== "") yield Buffer.from(rest, "utf8");
}
