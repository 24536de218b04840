import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A polite live region for an element's announcements, such as "Import
 * started.". The region is emptied for one update before each text, so the
 * same text twice in a row is announced again.
 */
export class LiveAnnouncer {
  private readonly host: ReactiveControllerHost;
  private text = '';

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  /** Sets the text that screen readers announce. */
  announce(text: string): void {
    this.clear();
    void this.host.updateComplete.then(() => {
      this.text = text;
      this.host.requestUpdate();
    });
  }

  /** Empties the live region. */
  clear(): void {
    this.text = '';
    this.host.requestUpdate();
  }

  /** Renders the live region; the element renders it once, in a place that never goes away. */
  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.text}</div>`;
  }
}
