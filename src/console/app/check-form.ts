// The form of the "Check upstream" view: an input to check (its endpoints or sources fill the
// URLs), or URLs typed by hand; seconds; input type, input specification and caption
// selectors as on the command line (`openlive check`, docs/upstream.md); credentials and the
// timeout of pulls. read() turns it into the body of POST /openlive/check.

import { h } from "./dom.ts";
import type { Channel, CheckRequest, Input } from "./wire.ts";

export const DEFAULT_SECONDS = 10;
/** POST /openlive/check takes at most 60 s. */
export const MAX_SECONDS = 60;
export const DEFAULT_TIMEOUT_MS = 5000;

const INPUT_TYPES = ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER", "URL_PULL", "RTMP_PULL", "SRT_CALLER", "MP4_FILE", "TS_FILE"] as const;
const PUSH_TYPES: readonly string[] = ["RTP_PUSH", "RTMP_PUSH", "SRT_LISTENER"];
const SPEC = {
  codec: ["MPEG2", "AVC", "HEVC"],
  resolution: ["SD", "HD", "UHD"],
  bitrate: ["MAX_10_MBPS", "MAX_20_MBPS", "MAX_50_MBPS"],
} as const;
const CAPTION_SELECTORS = [
  ["embedded", "Embedded (CEA-608/708)"],
  ["dvb-sub", "DVB-Sub"],
  ["teletext", "Teletext"],
  ["scte27", "SCTE-27"],
] as const;

/** What an input offers the check: its URLs, and why it cannot be checked now (when it cannot). */
export interface InputChoice {
  readonly input: Input;
  readonly urls: readonly string[];
  readonly username?: string;
  readonly unavailable?: string;
}

/** Channels holding an input's push endpoints: attached ones that are not IDLE. */
function busyChannels(input: Input, channels: ReadonlyMap<string, Channel>): string[] {
  return (input.attachedChannels ?? []).filter((id) => {
    const state = channels.get(id)?.state;
    return state !== undefined && state !== "IDLE" && state !== "DELETED";
  });
}

export function choiceOf(input: Input, channels: ReadonlyMap<string, Channel>): InputChoice {
  const type = input.type ?? "";
  if (!(INPUT_TYPES as readonly string[]).includes(type)) return { input, urls: [], unavailable: `${type || "this type"} cannot be checked` };
  if (PUSH_TYPES.includes(type)) {
    const urls = (input.destinations ?? []).map((destination) => destination.url ?? "").filter(Boolean);
    const busy = busyChannels(input, channels);
    if (busy.length > 0) {
      const names = busy.map((id) => channels.get(id)?.name ?? id).join(", ");
      return { input, urls, unavailable: `its endpoints are in use by channel ${names} (stop it first)` };
    }
    return urls.length > 0 ? { input, urls } : { input, urls, unavailable: "no endpoints" };
  }
  if (type === "SRT_CALLER") {
    const urls = (input.srtSettings?.srtCallerSources ?? []).map(
      (source) => `srt://${source.srtListenerAddress ?? ""}:${source.srtListenerPort ?? ""}${source.streamId ? `?streamid=${encodeURIComponent(source.streamId)}` : ""}`,
    );
    return { input, urls };
  }
  const sources = input.sources ?? [];
  const username = sources.find((source) => source.username)?.username;
  return { input, urls: sources.map((source) => source.url ?? "").filter(Boolean), ...(username ? { username } : {}) };
}

function select(id: string, label: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return h("select", { id, name: id, "aria-label": label }, ...options.map(([value, text]) => h("option", { value }, text)));
}

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control, hint ? h("span", { class: "muted field-hint" }, hint) : undefined);
}

export class CheckForm {
  readonly element: HTMLFormElement;
  readonly #picker = select("check-input", "Input to check", [["", "— type the URLs —"]]);
  readonly #urls = [1, 2].map((n) => h("input", { id: `check-url-${n}`, name: `url-${n}`, type: "text", size: 46, spellcheck: "false", placeholder: n === 1 ? "rtp://0.0.0.0:5000" : "(optional) the second source" }));
  readonly #seconds = h("input", { id: "check-seconds", name: "seconds", type: "number", min: 1, max: MAX_SECONDS, step: 1, value: DEFAULT_SECONDS });
  readonly #inputType = select("check-input-type", "Input type", [["", "from the URL"], ...INPUT_TYPES.map((type) => [type, type] as const)]);
  readonly #spec = {
    codec: select("check-spec-codec", "Input specification codec", [["", "codec"], ...SPEC.codec.map((value) => [value, value] as const)]),
    resolution: select("check-spec-resolution", "Input specification resolution", [["", "resolution"], ...SPEC.resolution.map((value) => [value, value] as const)]),
    bitrate: select("check-spec-bitrate", "Input specification maximum bitrate", [["", "maximum bitrate"], ...SPEC.bitrate.map((value) => [value, value] as const)]),
  };
  readonly #captions = CAPTION_SELECTORS.map(([value]) => h("input", { type: "checkbox", name: "caption-selector", value, id: `check-caption-${value}` }));
  readonly #timeoutMs = h("input", { id: "check-timeout-ms", name: "timeout-ms", type: "number", min: 100, max: 120000, step: 100, value: DEFAULT_TIMEOUT_MS });
  readonly #username = h("input", { id: "check-username", name: "username", type: "text", autocomplete: "off" });
  readonly #password = h("input", { id: "check-password", name: "password", type: "password", autocomplete: "off" });
  readonly #passphrase = h("input", { id: "check-passphrase", name: "passphrase", type: "password", autocomplete: "off" });
  readonly #note = h("p", { class: "muted check-note", "data-field": "input-note" });
  readonly run = h("button", { type: "submit", id: "check-run", class: "start", "data-action": "run-check" }, "Run check");
  readonly cancel = h("button", { type: "button", id: "check-cancel", "data-action": "cancel-check", hidden: true }, "Cancel");
  #choices = new Map<string, InputChoice>();
  #listed = "";

  constructor(preselectedId?: string) {
    this.#picker.addEventListener("change", () => this.#pick(this.#picker.value));
    if (preselectedId) this.#picker.dataset.want = preselectedId;
    this.element = h(
      "form",
      { class: "card check-form", id: "check-form" },
      h(
        "div",
        { class: "check-fields" },
        field("Input", this.#picker, "a push input whose channel is not running (openlive listens on its endpoints), or a pull input"),
        field("Source 1", this.#urls[0]!),
        field("Source 2", this.#urls[1]!, "both sources of a STANDARD input are compared"),
        field("Seconds", this.#seconds, `how long each source is observed (1–${MAX_SECONDS})`),
        field("Input type", this.#inputType),
        field("Input specification", h("span", { class: "spec" }, this.#spec.codec, this.#spec.resolution, this.#spec.bitrate), "the channel's, to check against (optional)"),
        h(
          "fieldset",
          { class: "field captions" },
          h("legend", { class: "field-label" }, "Caption selectors"),
          ...this.#captions.map((box, n) => h("label", { class: "check-box" }, box, ` ${CAPTION_SELECTORS[n]![1]}`)),
        ),
      ),
      this.#note,
      h(
        "details",
        { class: "pull-options", "data-key": "pull-options" },
        h("summary", {}, "Pulls and SRT: credentials, timeout"),
        h(
          "div",
          { class: "check-fields" },
          field("Timeout (ms)", this.#timeoutMs, "how long a pulled source has to answer and send media"),
          field("Username", this.#username, "HTTP Basic (HLS, files), RTMP"),
          field("Password", this.#password),
          field("SRT passphrase", this.#passphrase, "required for SRT_LISTENER"),
        ),
      ),
      h("p", { class: "actions" }, this.run, " ", this.cancel),
    );
  }

  /** The inputs to choose from; keeps the choice, and the options when nothing changed. */
  setInputs(inputs: readonly Input[], channels: ReadonlyMap<string, Channel>): void {
    const choices = inputs.map((input) => choiceOf(input, channels));
    const listed = JSON.stringify(choices.map((choice) => [choice.input.id, choice.input.name, choice.input.type, choice.urls, choice.unavailable]));
    if (listed === this.#listed) return;
    this.#listed = listed;
    this.#choices = new Map(choices.map((choice) => [choice.input.id, choice]));
    const selected = this.#picker.dataset.want ?? this.#picker.value;
    const options = choices.map((choice) =>
      h(
        "option",
        { value: choice.input.id, disabled: choice.unavailable !== undefined, "data-input-type": choice.input.type ?? "" },
        `${choice.input.name ?? choice.input.id} (${choice.input.type ?? "?"})${choice.unavailable ? ` — ${choice.unavailable}` : ""}`,
      ),
    );
    this.#picker.replaceChildren(h("option", { value: "" }, "— type the URLs —"), ...options);
    const stillThere = this.#choices.get(selected);
    if (this.#picker.dataset.want !== undefined) {
      delete this.#picker.dataset.want;
      if (stillThere && !stillThere.unavailable) {
        this.#picker.value = selected;
        this.#pick(selected);
      } else if (stillThere) this.#note.textContent = `${stillThere.input.name ?? selected} cannot be checked now: ${stillThere.unavailable}.`;
    } else this.#picker.value = stillThere && !stillThere.unavailable ? selected : "";
  }

  #pick(id: string): void {
    const choice = this.#choices.get(id);
    if (!choice) {
      this.#note.textContent = "";
      return;
    }
    this.#urls.forEach((field, n) => (field.value = choice.urls[n] ?? ""));
    this.#inputType.value = choice.input.type ?? "";
    if (choice.username) this.#username.value = choice.username;
    const type = choice.input.type ?? "";
    const notes = [
      PUSH_TYPES.includes(type)
        ? `openlive listens on ${choice.urls.join(" and ")} while the check runs: start the encoder${choice.urls.length > 1 ? "s" : ""} then.`
        : `openlive pulls ${choice.urls.join(" and ")}.`,
    ];
    if ((choice.input.sources ?? []).some((source) => source.passwordParam)) notes.push("The input keeps its password in a parameter the console cannot read: type it under “Pulls and SRT”.");
    if (type === "SRT_LISTENER") notes.push("Type the encoder's SRT passphrase under “Pulls and SRT” (the input keeps it in a secret).");
    if (type === "SRT_CALLER") notes.push("If the upstream encrypts, type its SRT passphrase under “Pulls and SRT”.");
    this.#note.textContent = notes.join(" ");
  }

  /** The body of POST /openlive/check; throws an Error naming what to correct. */
  read(): CheckRequest {
    const urls = this.#urls.map((field) => field.value.trim()).filter(Boolean);
    if (urls.length === 0) throw new Error("Pick an input or type the URL of at least one source.");
    const seconds = Number(this.#seconds.value);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) throw new Error(`Seconds must be a whole number from 1 to ${MAX_SECONDS}.`);
    const spec = [this.#spec.codec.value, this.#spec.resolution.value, this.#spec.bitrate.value];
    const given = spec.filter(Boolean).length;
    if (given !== 0 && given !== 3) throw new Error("Choose the codec, the resolution and the maximum bitrate of the input specification (or none of them).");
    const timeoutMs = Number(this.#timeoutMs.value || DEFAULT_TIMEOUT_MS);
    if (!Number.isFinite(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) throw new Error("The timeout must be from 100 to 120000 ms.");
    const captionSelectors = this.#captions.filter((box) => box.checked).map((box) => box.value);
    const text = { inputType: this.#inputType.value, username: this.#username.value.trim(), password: this.#password.value, passphrase: this.#passphrase.value };
    return {
      urls,
      seconds,
      ...(given === 3 ? { inputSpec: spec.join(",") } : {}),
      ...(captionSelectors.length > 0 ? { captionSelectors } : {}),
      ...(timeoutMs !== DEFAULT_TIMEOUT_MS ? { timeoutMs } : {}),
      ...Object.fromEntries(Object.entries(text).filter(([, value]) => value !== "")),
    };
  }

  /** While a check runs: the form is read-only, Cancel shows. */
  setRunning(running: boolean): void {
    for (const control of this.element.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) control.disabled = running;
    this.run.disabled = running;
    this.cancel.hidden = !running;
  }
}
