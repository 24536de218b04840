/**
 * A minimal XMLHttpRequest for Node over `node:http`, only as far as
 * dicomweb-client 0.11 uses it: open, setRequestHeader, send, responseType
 * `arraybuffer`, `json` or text, the response headers, and
 * onreadystatechange. Like a browser's XMLHttpRequest, it keeps the whole
 * response in memory before it reports it.
 *
 * NOTE: a maintained polyfill such as the `xhr2` package would be the usual
 * choice; it is not a dependency of this workspace.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

type Listener = (() => void) | null;

export class NodeXMLHttpRequest {
  readyState = 0;
  status = 0;
  statusText = '';
  response: unknown = null;
  responseType: '' | 'arraybuffer' | 'json' | 'text' = '';
  withCredentials = false;
  onreadystatechange: Listener = null;
  onloadstart: Listener = null;
  onloadend: Listener = null;
  onload: Listener = null;
  onerror: Listener = null;
  onprogress: Listener = null;

  private method = 'GET';
  private url = '';
  private readonly requestHeaders: Record<string, string> = {};
  private responseHeaders: IncomingHttpHeaders = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }

  getResponseHeader(name: string): string | null {
    const value = this.responseHeaders[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  getAllResponseHeaders(): string {
    return Object.entries(this.responseHeaders)
      .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
      .join('\r\n');
  }

  send(body?: ArrayBuffer | ArrayBufferView | string | null): void {
    const url = new URL(this.url);
    let data: Buffer | undefined;
    if (body instanceof ArrayBuffer) data = Buffer.from(body);
    else if (ArrayBuffer.isView(body)) data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    else if (typeof body === 'string') data = Buffer.from(body);
    const headers: Record<string, string> = { ...this.requestHeaders };
    if (data !== undefined) headers['Content-Length'] = String(data.length);

    const request = httpRequest(
      { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: this.method, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const all = Buffer.concat(chunks);
          chunks.length = 0;
          this.status = response.statusCode ?? 0;
          this.statusText = response.statusMessage ?? '';
          this.responseHeaders = response.headers;
          if (this.responseType === 'arraybuffer') {
            this.response = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
          } else if (this.responseType === 'json') {
            try {
              this.response = JSON.parse(all.toString('utf8'));
            } catch {
              this.response = null;
            }
          } else {
            this.response = all.toString('utf8');
          }
          this.readyState = 4;
          this.onreadystatechange?.();
          this.onload?.();
          this.onloadend?.();
        });
      },
    );
    request.on('error', () => {
      this.readyState = 4;
      this.status = 0;
      this.onreadystatechange?.();
      this.onerror?.();
      this.onloadend?.();
    });
    this.onloadstart?.();
    request.end(data);
  }
}
