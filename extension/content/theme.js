// Light or dark, as the page around the badge is: the computed background colour of the
// nearest opaque ancestor (the compose, else the page), measured, never the OS setting
// (`prefers-color-scheme`): a light Gmail on a dark OS is light. Pure colour arithmetic
// apart from the one walk up the DOM.

/** [r, g, b, a] (0–255, alpha 0–1) of a colour as getComputedStyle writes it, else null. */
export function parseColor(text) {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(String(text).trim());
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
  return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
}

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance([r, g, b]) {
  const linear = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * Dark when black text would contrast less with the background than white text does:
 * (L + 0.05) / 0.05 < 1.05 / (L + 0.05), i.e. below L ≈ 0.179.
 */
export const darkColor = (rgb) => (luminance(rgb) + 0.05) ** 2 < 1.05 * 0.05;

/** The background behind `node`: the first ancestor whose background is (nearly) opaque. */
export function backgroundBehind(node) {
  for (let el = node; el; el = el.parentElement) {
    const color = parseColor(getComputedStyle(el).backgroundColor);
    if (color && color[3] >= 0.9) return color.slice(0, 3);
  }
  return [255, 255, 255]; // nothing opaque: the canvas, white
}

/** Is the page behind `node` dark? */
export const darkBehind = (node) => darkColor(backgroundBehind(node));
