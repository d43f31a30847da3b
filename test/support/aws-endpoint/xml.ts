// Just enough XML writing for S3 and STS responses: objects become nested elements, arrays repeat the element.
export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[] | { [name: string]: XmlValue };
/** An element with attributes (`xsi:type` on an ACL grantee). */
export interface XmlNode { $attrs: Record<string, string>; $children: Record<string, XmlValue> }

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') {
    if ('$attrs' in value && '$children' in value) {
      const node = value as XmlNode;
      const attrs = Object.entries(node.$attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
      return `<${name}${attrs}>${children(node.$children)}</${name}>`;
    }
    return `<${name}>${children(value as Record<string, XmlValue>)}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function children(obj: Record<string, XmlValue>): string {
  return Object.entries(obj).map(([k, v]) => element(k, v)).join('');
}

/** A document with the namespace on its root element. */
export function xmlDocument(root: string, xmlns: string, body: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${xmlns}">${children(body)}</${root}>`;
}
