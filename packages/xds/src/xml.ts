/**
 * A namespace-aware XML reader, and escaping for the XML this package writes.
 *
 * Browsers parse with their native `DOMParser`, which is several times faster
 * than a JavaScript parser; Node 20 has none, so there `@xmldom/xmldom` does
 * the same work through the same DOM interfaces. It is imported only where
 * no `DOMParser` exists, so browser bundles keep it in a chunk that browsers
 * never load. Elements are matched by
 * namespace URI and local name, never by prefix, so `rim:Slot`, `ns3:Slot`
 * and a `Slot` under a default namespace declaration read alike.
 */
import { StudylineError } from '@studyline/core';

type XmldomModule = typeof import('@xmldom/xmldom');

// A top-level await, so that parseXml stays synchronous in Node and web workers.
const xmldom: XmldomModule | undefined = typeof globalThis.DOMParser === 'function' ? undefined : await import('@xmldom/xmldom');

const ELEMENT_NODE = 1;

function notWellFormed(subject: string, message: string, cause?: unknown): StudylineError {
  return new StudylineError('parse', `The ${subject} is not well-formed XML: ${message.split('\n')[0]}`, { cause });
}

function parseNative(text: string, subject: string): Document {
  const document = new globalThis.DOMParser().parseFromString(text, 'application/xml');
  // Browsers report a syntax error as a parsererror element in the result instead of throwing.
  const error = document.getElementsByTagName('parsererror')[0];
  if (error !== undefined) throw notWellFormed(subject, error.textContent?.trim() || 'syntax error');
  return document;
}

function parseWithXmldom(module: XmldomModule, text: string, subject: string): Document {
  const parser = new module.DOMParser({
    onError: (level: string, message: string) => {
      if (level === 'warning') return;
      throw notWellFormed(subject, message);
    },
  });
  try {
    return parser.parseFromString(text, 'application/xml') as unknown as Document;
  } catch (error) {
    if (error instanceof StudylineError) throw error;
    throw notWellFormed(subject, error instanceof Error ? error.message : String(error), error);
  }
}

/**
 * Parses an XML document. Throws a StudylineError with code `parse` for text
 * that is not well-formed, and for a document type declaration, which SOAP
 * 1.2 forbids and which is the way in for entity expansion attacks.
 */
export function parseXml(text: string, subject: string): Document {
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) {
    throw new StudylineError('parse', `The ${subject} contains a document type declaration, which SOAP messages must not have.`);
  }
  const document = xmldom === undefined ? parseNative(text, subject) : parseWithXmldom(xmldom, text, subject);
  if (document.documentElement === null) throw new StudylineError('parse', `The ${subject} has no root element.`);
  return document;
}

/** Tells whether an element has this namespace URI and local name. */
export function isElement(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

/** Returns the child elements, optionally only those with a namespace and local name. */
export function childElements(parent: Element, namespace?: string, localName?: string): Element[] {
  const result: Element[] = [];
  const nodes = parent.childNodes;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node.nodeType !== ELEMENT_NODE) continue;
    const element = node as Element;
    if (namespace !== undefined && element.namespaceURI !== namespace) continue;
    if (localName !== undefined && element.localName !== localName) continue;
    result.push(element);
  }
  return result;
}

/** Returns the first child element with a namespace and local name, or undefined. */
export function childElement(parent: Element, namespace: string, localName: string): Element | undefined {
  return childElements(parent, namespace, localName)[0];
}

/** Returns every descendant element with a namespace and local name, in document order. */
export function descendantElements(root: Element | Document, namespace: string, localName: string): Element[] {
  const list = root.getElementsByTagNameNS(namespace, localName);
  const result: Element[] = [];
  for (let index = 0; index < list.length; index++) result.push(list[index] as Element);
  return result;
}

/** Returns an element's text with surrounding whitespace removed, or undefined when it is empty. */
export function elementText(element: Element | undefined): string | undefined {
  if (element === undefined) return undefined;
  const text = (element.textContent ?? '').trim();
  return text === '' ? undefined : text;
}

/** Returns an unqualified attribute's value with surrounding whitespace removed, or undefined when absent or empty. */
export function attributeValue(element: Element, name: string): string | undefined {
  const value = element.getAttribute(name);
  if (value === null) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Escapes text for an XML element's content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '&quot;';
    }
  });
}
