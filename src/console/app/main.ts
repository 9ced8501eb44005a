// The console's shell: the login gate, the navigation, a hash router (#/channels,
// #/channels/<id>, #/inputs, #/security-groups, #/check) and the poll loop that refreshes the view on
// screen every POLL_MS (2.5 s) without reloading the page.

import { ApiError, MediaLiveApi } from "./api.ts";
import { h } from "./dom.ts";
import { clearCredentials, loadCredentials, saveCredentials } from "./session.ts";
import { POLL_MS, type View, type ViewContext } from "./view.ts";
import { channelDetailView } from "./views/channel-detail.ts";
import { checkView } from "./views/check.ts";
import { channelsView } from "./views/channels.ts";
import { inputsView } from "./views/inputs.ts";
import { loginView } from "./views/login.ts";
import { securityGroupsView } from "./views/security-groups.ts";

const root = document.getElementById("app")!;
const nav = document.getElementById("nav")!;
const status = document.getElementById("status")!;
const user = document.getElementById("user")!;

let current: View | undefined;
let generation = 0;
let timer: number | undefined;
let busy = false;
let again = false;

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

/** The view for a hash route, or undefined for an unknown one. */
function route(hash: string, context: ViewContext): { view: View; tab: string } | undefined {
  let parts: string[];
  try {
    parts = hash.replace(/^#\/?/, "").split("/").map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
  const [section = "", id] = parts;
  switch (section) {
    case "":
    case "channels":
      return id ? { view: channelDetailView(context, id), tab: "channels" } : { view: channelsView(context), tab: "channels" };
    case "inputs":
      return { view: inputsView(context, id), tab: "inputs" };
    case "security-groups":
      return { view: securityGroupsView(context, id), tab: "security-groups" };
    case "check":
      return { view: checkView(context, id), tab: "check" };
    default:
      return undefined;
  }
}

/**
 * Refreshes the view of this generation, then again POLL_MS later, until the route changes.
 * One refresh at a time: a call while one runs (an action's refreshSoon, a new route) makes
 * another run right after it.
 */
async function poll(mine: number): Promise<void> {
  if (mine !== generation || !current) return;
  if (busy) {
    again = true;
    return;
  }
  window.clearTimeout(timer);
  busy = true;
  try {
    await current.refresh();
    if (mine === generation) setStatus(`Updated ${new Date().toLocaleTimeString([], { hour12: false })}`);
  } catch (error) {
    if (mine === generation) {
      const text = error instanceof Error ? error.message : String(error);
      setStatus(error instanceof ApiError && error.status === 403 ? `${text} (log out and in again)` : `Update failed: ${text}`, true);
    }
  } finally {
    busy = false;
  }
  if (again) {
    again = false;
    void poll(generation);
  } else if (mine === generation) timer = window.setTimeout(() => void poll(mine), POLL_MS);
}

function showLogin(): void {
  current?.dispose();
  current = undefined;
  generation++;
  window.clearTimeout(timer);
  nav.hidden = true;
  user.replaceChildren();
  setStatus("");
  root.replaceChildren(
    loginView((credentials) => {
      saveCredentials(credentials);
      if (location.hash.startsWith("#/")) show();
      else location.hash = "#/channels"; // the hashchange shows it
    }),
  );
}

function show(): void {
  const credentials = loadCredentials();
  if (!credentials) {
    showLogin();
    return;
  }
  const api = new MediaLiveApi(credentials);
  const mine = ++generation;
  const context: ViewContext = { api, refreshSoon: () => void poll(mine) };
  current?.dispose();
  const routed = route(location.hash, context);
  if (!routed) {
    location.hash = "#/channels";
    return;
  }
  current = routed.view;
  nav.hidden = false;
  for (const link of nav.querySelectorAll<HTMLAnchorElement>("a[data-tab]")) link.classList.toggle("active", link.dataset.tab === routed.tab);
  user.replaceChildren(
    h("span", { class: "muted" }, `${credentials.accessKeyId} · ${credentials.region} `),
    h("button", { type: "button", id: "logout", onclick: () => (clearCredentials(), showLogin()) }, "Log out"),
  );
  root.replaceChildren(current.element);
  setStatus("Loading…");
  void poll(mine);
}

window.addEventListener("hashchange", show);
show();
