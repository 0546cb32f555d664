/*
 * A deliberately small User-Agent reader for the sessions list: "Chrome on Linux",
 * "Safari on iPhone". It recognises the common browsers and systems and falls back
 * to the client's product name ("curl") or "Unknown device"; it is a label for
 * people, not something to make decisions with.
 */

export type DeviceKind = "desktop" | "mobile" | "tablet" | "unknown";

export interface Device {
  /** "Chrome on Linux", "Firefox on Windows", "curl", "Unknown device" */
  label: string;
  browser: string | null;
  os: string | null;
  kind: DeviceKind;
}

const browsers: Array<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\bYaBrowser\//, "Yandex Browser"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\b(?:iPhone|iPad).*AppleWebKit\//, "Safari"],
];

const systems: Array<[RegExp, string]> = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export function parseUserAgent(userAgent: string | null | undefined): Device {
  const ua = userAgent?.trim() ?? "";
  if (!ua) return { label: "Unknown device", browser: null, os: null, kind: "unknown" };

  const browser = browsers.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const os = systems.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const kind: DeviceKind = /\biPad\b|\bTablet\b|\bAndroid\b(?!.*\bMobile\b)/.test(ua)
    ? "tablet"
    : /\bMobi|\biPhone\b/.test(ua)
      ? "mobile"
      : os || browser
        ? "desktop"
        : "unknown";

  if (browser && os) return { label: `${browser} on ${os}`, browser, os, kind };
  if (browser || os) return { label: (browser ?? os) as string, browser, os, kind };
  // Not a browser: "curl/8.5.0" -> "curl", "Playwright/1.50 (...)" -> "Playwright".
  const product = /^([A-Za-z][\w.-]{0,39})\//.exec(ua)?.[1];
  return { label: product ?? "Unknown device", browser: null, os: null, kind };
}
