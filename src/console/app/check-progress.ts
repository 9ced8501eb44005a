// The countdown of a running check. POST /openlive/check answers once, at the end, so the
// page cannot show lines as they are decided; it shows what openlive is doing (listening on
// the push endpoints, pulling the sources), a progress bar over the observation seconds, the
// seconds elapsed and left, and then that the report is being made.

import { h } from "./dom.ts";

const TICK_MS = 250;

export class CheckProgress {
  readonly element = h("div", { class: "card check-progress", "data-field": "progress", hidden: true });
  readonly #bar = h("progress", { max: 1, value: 0 });
  readonly #text = h("span", { "data-field": "countdown" });
  #timer: number | undefined;

  /** Starts the countdown for a check of `seconds` on `urls`; pulls get up to `timeoutMs` more to answer. */
  start(urls: readonly string[], seconds: number, push: boolean, timeoutMs: number): void {
    this.stop();
    const started = performance.now();
    this.#bar.max = seconds;
    this.#bar.value = 0;
    const doing = push ? `Listening on ${urls.join(" and ")}: start the encoder now.` : `Pulling ${urls.join(" and ")}.`;
    this.element.replaceChildren(h("p", { class: "check-doing" }, doing), h("div", { class: "countdown" }, this.#bar, " ", this.#text));
    this.element.hidden = false;
    this.element.dataset.state = "running";
    const tick = (): void => {
      const elapsed = (performance.now() - started) / 1000;
      this.#bar.value = Math.min(elapsed, seconds);
      const shown = Math.floor(elapsed);
      if (elapsed < seconds) {
        this.#text.textContent = `${shown} s of ${seconds} s · ${Math.ceil(seconds - elapsed)} s left`;
      } else {
        // Pulls first wait for the source (up to the timeout); then the report is made.
        const upTo = push ? "" : ` (a pull may take up to ${Math.ceil(seconds + timeoutMs / 1000)} s)`;
        this.#text.textContent = `${shown} s · observation done, making the report…${upTo}`;
        this.element.dataset.state = "evaluating";
      }
    };
    tick();
    this.#timer = window.setInterval(tick, TICK_MS);
  }

  /** Ends the countdown; `text` stays in its place (e.g. "took 4.2 s"), or it hides. */
  stop(text?: string): void {
    window.clearInterval(this.#timer);
    this.#timer = undefined;
    if (text === undefined) {
      this.element.hidden = true;
      return;
    }
    this.element.dataset.state = "done";
    this.element.replaceChildren(h("p", { class: "muted" }, text));
  }
}
