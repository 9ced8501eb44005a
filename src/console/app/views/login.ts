// Login: the access key id, secret and region of the MediaLive API (`./openlive credentials`
// prints them). Checked with one signed ListChannels before they are kept for the session.

import { MediaLiveApi } from "../api.ts";
import { h } from "../dom.ts";
import type { Credentials } from "../sigv4.ts";

export function loginView(onLogin: (credentials: Credentials) => void): HTMLElement {
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const accessKeyId = h("input", { name: "accessKeyId", id: "login-access-key", autocomplete: "username", required: true, spellcheck: "false" });
  const secretAccessKey = h("input", { name: "secretAccessKey", id: "login-secret", type: "password", autocomplete: "current-password", required: true });
  const region = h("input", { name: "region", id: "login-region", value: "us-east-1", required: true, spellcheck: "false" });
  const submit = h("button", { type: "submit" }, "Log in");
  const form = h(
    "form",
    { class: "login", id: "login-form" },
    h("h2", {}, "Log in"),
    h("p", {}, "The MediaLive API credentials of this openlive: ", h("code", {}, "./openlive credentials"), " prints them. They are kept in this browser tab only."),
    h("label", { for: "login-access-key" }, "Access key id"),
    accessKeyId,
    h("label", { for: "login-secret" }, "Secret access key"),
    secretAccessKey,
    h("label", { for: "login-region" }, "Region"),
    region,
    submit,
    message,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const credentials: Credentials = { accessKeyId: accessKeyId.value.trim(), secretAccessKey: secretAccessKey.value.trim(), region: region.value.trim() };
    submit.disabled = true;
    message.hidden = true;
    new MediaLiveApi(credentials)
      .call("GET", "/prod/channels", undefined, [["maxResults", "1"]])
      .then(
        () => onLogin(credentials),
        (error: unknown) => {
          message.textContent = `These credentials do not work: ${error instanceof Error ? error.message : String(error)}`;
          message.hidden = false;
        },
      )
      .finally(() => (submit.disabled = false));
  });
  return form;
}
