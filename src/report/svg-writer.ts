/** A small SVG writer: elements as strings, every attribute and text escaped. */

/** Attribute values of an element; numbers are written as coordinates. */
export type Attributes = Record<string, string | number | undefined>;

/** Characters XML 1.0 does not allow anywhere, even escaped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe inside an element or an attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate with at most two decimals; a non-finite value (never meant to arrive) as 0. */
export function coord(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const text = String(Math.round(v * 100) / 100);
  return text === '-0' ? '0' : text;
}

/**
 * `<name a="1" ...>children</name>` (children are markup, already escaped), or self-closing
 * without children; undefined attributes are left out, numbers are written by `coord`.
 */
export function element(name: string, attributes: Attributes = {}, children: readonly string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? coord(v) : escapeXml(v)}"`)
    .join('');
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** A `<text>` element holding escaped `content`. */
export function text(content: string, attributes: Attributes): string {
  return element('text', attributes, [escapeXml(content)]);
}

/** Points as an SVG `points` attribute value: "x1,y1 x2,y2 ...". */
export function pointList(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `${coord(x)},${coord(y)}`).join(' ');
}
