import { LOGO_MAX_SIDE, type LogoType } from "@invite/schemas";

/*
 * What an uploaded logo is, told by its bytes alone (SECURITY 37): the uploader's Content-Type
 * is a claim, the magic number and the structure behind it are the evidence. Each format is
 * walked far enough to read the picture's size from its own header (PNG's IHDR, JPEG's
 * start-of-frame, WebP's VP8/VP8L/VP8X header), and a size outside 1 to 4096 pixels a side is
 * refused. SVG and HTML never match: they are text, and no text starts with these bytes.
 */

export interface CheckedImage {
  type: LogoType;
  width: number;
  height: number;
}

/** Why the bytes are not a logo we take, in words for the uploader. */
export class ImageRefusal extends Error {
  override name = "ImageRefusal";
}

export function checkImage(bytes: Uint8Array): CheckedImage {
  const image = sniff(bytes);
  const { width, height } = image;
  if (!(width >= 1 && height >= 1 && width <= LOGO_MAX_SIDE && height <= LOGO_MAX_SIDE)) {
    throw new ImageRefusal(`The image is ${width}×${height} pixels; a logo may be at most ${LOGO_MAX_SIDE} on each side.`);
  }
  return image;
}

function sniff(bytes: Uint8Array): CheckedImage {
  if (startsWith(bytes, PNG_SIGNATURE)) return png(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return webp(bytes);
  throw new ImageRefusal("The file is not a PNG, JPEG or WebP image.");
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Every chunk up to IEND, each within the file and with its CRC right, IHDR first with a
 * valid bit depth and colour type, and at least one IDAT: a truncated or doctored PNG fails.
 */
function png(bytes: Uint8Array): CheckedImage {
  const view = dataView(bytes);
  let offset = PNG_SIGNATURE.length;
  let header: { width: number; height: number } | null = null;
  let sawData = false;
  for (;;) {
    if (offset + 12 > bytes.length) throw new ImageRefusal("The PNG image is cut short.");
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) throw new ImageRefusal("The PNG image is cut short.");
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) {
      throw new ImageRefusal("The PNG image is damaged (a chunk's checksum is wrong).");
    }
    if (!header) {
      if (type !== "IHDR" || length !== 13) throw new ImageRefusal("The PNG image has no header.");
      const depth = bytes[offset + 16]!;
      const colour = bytes[offset + 17]!;
      if (!PNG_DEPTHS[colour]?.includes(depth)) throw new ImageRefusal("The PNG image's header is not valid.");
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12) };
    } else if (type === "IDAT") {
      sawData = true;
    } else if (type === "IEND") {
      if (!sawData) throw new ImageRefusal("The PNG image has no picture data.");
      return { type: "image/png", ...header };
    }
    offset = end;
  }
}

/** PNG's allowed bit depths per colour type (greyscale, RGB, palette, grey+alpha, RGBA). */
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Segments from SOI to a start-of-frame (its size) and on to start-of-scan, each within the file. */
function jpeg(bytes: Uint8Array): CheckedImage {
  const view = dataView(bytes);
  let offset = 2;
  let frame: { width: number; height: number } | null = null;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new ImageRefusal("The JPEG image is damaged.");
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) throw new ImageRefusal("The JPEG image is cut short.");
    // SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) throw new ImageRefusal("The JPEG image's frame header is not valid.");
      frame = { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda) {
      if (!frame) throw new ImageRefusal("The JPEG image has no frame header.");
      return { type: "image/jpeg", ...frame };
    }
    offset += 2 + length;
  }
  throw new ImageRefusal("The JPEG image is cut short.");
}

/** RIFF's size matches the file, and the first chunk is a VP8, VP8L or VP8X header we can read. */
function webp(bytes: Uint8Array): CheckedImage {
  const view = dataView(bytes);
  if (bytes.length < 30) throw new ImageRefusal("The WebP image is cut short.");
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 !== bytes.length) {
    throw new ImageRefusal("The WebP image's size does not match its file.");
  }
  const chunk = ascii(bytes, 12, 4);
  const chunkSize = view.getUint32(16, true);
  if (20 + chunkSize > bytes.length) throw new ImageRefusal("The WebP image is cut short.");
  const at = 20;
  if (chunk === "VP8 ") {
    // A key frame: 3 bytes of frame tag, then the start code 9d 01 2a, then 14-bit sizes.
    if ((bytes[at]! & 1) !== 0 || bytes[at + 3] !== 0x9d || bytes[at + 4] !== 0x01 || bytes[at + 5] !== 0x2a) {
      throw new ImageRefusal("The WebP image's header is not valid.");
    }
    return { type: "image/webp", width: view.getUint16(at + 6, true) & 0x3fff, height: view.getUint16(at + 8, true) & 0x3fff };
  }
  if (chunk === "VP8L") {
    if (bytes[at] !== 0x2f) throw new ImageRefusal("The WebP image's header is not valid.");
    const bits = view.getUint32(at + 1, true);
    return { type: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    const width = 1 + (bytes[at + 4]! | (bytes[at + 5]! << 8) | (bytes[at + 6]! << 16));
    const height = 1 + (bytes[at + 7]! | (bytes[at + 8]! << 8) | (bytes[at + 9]! << 16));
    return { type: "image/webp", width, height };
  }
  throw new ImageRefusal("The WebP image's header is not valid.");
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// CRC-32 (ISO 3309, as PNG uses it); node:zlib's crc32 needs Node 22.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
