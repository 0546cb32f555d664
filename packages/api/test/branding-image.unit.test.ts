import { describe, expect, it } from "vitest";
import { checkImage, ImageRefusal } from "../src/branding/image.ts";
import { jpegImage, pngImage, SVG_LOGO, webpImage } from "./support/images.ts";

describe("a logo is checked by its bytes (SECURITY 37)", () => {
  it("reads the type and size of a PNG, a JPEG and a WebP from their own headers", () => {
    expect(checkImage(pngImage({ width: 64, height: 32 }))).toEqual({ type: "image/png", width: 64, height: 32 });
    expect(checkImage(jpegImage({ width: 120, height: 40 }))).toEqual({ type: "image/jpeg", width: 120, height: 40 });
    expect(checkImage(webpImage({ width: 200, height: 50 }))).toEqual({ type: "image/webp", width: 200, height: 50 });
  });

  it("refuses SVG, HTML, text and empty files, whatever they would be called", () => {
    for (const bytes of [SVG_LOGO, Buffer.from("<!doctype html><script>alert(1)</script>"), Buffer.from("GIF89a"), Buffer.alloc(0)]) {
      expect(() => checkImage(bytes)).toThrow(ImageRefusal);
    }
  });

  it("refuses a PNG that is cut short, has a wrong checksum, or has no header or picture data", () => {
    const png = pngImage();
    expect(() => checkImage(png.subarray(0, png.length - 20))).toThrow(/cut short/);
    const doctored = Buffer.from(png);
    doctored[20] = doctored[20]! ^ 0xff; // inside IHDR: its CRC no longer matches
    expect(() => checkImage(doctored)).toThrow(/checksum/);
    expect(() => checkImage(png.subarray(0, 8))).toThrow(ImageRefusal);
    // The signature followed by a script instead of chunks.
    expect(() => checkImage(Buffer.concat([png.subarray(0, 8), Buffer.from("<script>alert(1)</script>")]))).toThrow(ImageRefusal);
  });

  it("refuses a JPEG or WebP whose structure does not hold", () => {
    const jpeg = jpegImage();
    expect(() => checkImage(jpeg.subarray(0, 12))).toThrow(ImageRefusal);
    expect(() => checkImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from("<html>")]))).toThrow(ImageRefusal);
    const webp = webpImage();
    expect(() => checkImage(webp.subarray(0, webp.length - 4))).toThrow(/size does not match/);
    const notVp8 = Buffer.from(webp);
    notVp8.write("ABCD", 12, "ascii");
    expect(() => checkImage(notVp8)).toThrow(ImageRefusal);
  });

  it("refuses an image larger than 4096 pixels a side, as its header says", () => {
    expect(() => checkImage(jpegImage({ width: 5000, height: 10 }))).toThrow(/at most 4096/);
    expect(() => checkImage(jpegImage({ width: 0, height: 10 }))).toThrow(ImageRefusal);
    expect(checkImage(jpegImage({ width: 4096, height: 4096 })).width).toBe(4096);
  });
});
