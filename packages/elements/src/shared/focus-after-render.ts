import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves keyboard focus, after the next render, to the control that replaces
 * the one that had it: for example from a Start button to the Cancel button
 * of the progress block that takes its place.
 */
export class FocusAfterRender implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private selector: string | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  /**
   * Focuses the first element in the shadow root that matches `selector`
   * after the next render, if the focus is inside the shadow root now.
   * Otherwise it cancels an earlier request, so focus never jumps into an
   * element that the user had left.
   */
  request(selector: string): void {
    this.selector = this.host.shadowRoot?.activeElement != null ? selector : undefined;
  }

  hostUpdated(): void {
    const selector = this.selector;
    this.selector = undefined;
    if (selector !== undefined) this.host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }
}
