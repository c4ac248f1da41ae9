// Settings: a small single-page app. The tabs are links whose clicks are turned into
// history.pushState navigations, so /app/settings, /app/settings/api-keys and
// /app/settings/team are real, shareable URLs served by the same HTML document.
import { apiFetch, describeError } from "/app/api-client.mjs";
import { escapeHtml, formatDate } from "/app/format.mjs";
import "/app/shell.mjs";

const TABS = {
  profile: { path: "/app/settings", title: "Profile" },
  "api-keys": { path: "/app/settings/api-keys", title: "API keys" },
  team: { path: "/app/settings/team", title: "Team" },
};

let mePromise = null;
let keysLoaded = false;

function tabFromPath(pathname) {
  const match = /^\/app\/settings\/?([^/]*)/.exec(pathname);
  return match && TABS[match[1]] ? match[1] : "profile";
}

function showTab(tab) {
  for (const link of document.querySelectorAll("[data-tab]")) {
    if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const panel of document.querySelectorAll("[data-panel]"))
    panel.hidden = panel.dataset.panel !== tab;
  document.title = `${TABS[tab].title} · Settings · Ledgerly`;
  if (tab === "api-keys" && !keysLoaded) loadKeys();
}

document.querySelector(".tabs").addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-tab]") : null;
  // Let the browser handle new-tab and new-window clicks.
  if (
    !link ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    event.button !== 0
  )
    return;
  event.preventDefault();
  const tab = link.dataset.tab;
  if (location.pathname !== TABS[tab].path) history.pushState({ tab }, "", TABS[tab].path);
  showTab(tab);
});

window.addEventListener("popstate", () => showTab(tabFromPath(location.pathname)));

// Profile and team

function loadMe() {
  mePromise ??= apiFetch("/api/me");
  return mePromise;
}

async function renderProfileAndTeam() {
  try {
    const { user, account, team } = await loadMe();
    const values = {
      name: user.name,
      email: user.email,
      role: user.role,
      company: account.name,
      currency: account.currency,
    };
    for (const [field, value] of Object.entries(values)) {
      document.querySelector(`#profile-details [data-field="${field}"]`).textContent = value;
    }
    document.getElementById("team-rows").innerHTML = team
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.name)}</td><td>${escapeHtml(m.email)}</td><td>${escapeHtml(m.role)}</td></tr>`,
      )
      .join("");
  } catch (error) {
    document.getElementById("team-rows").innerHTML =
      `<tr><td colspan="3" class="muted">${escapeHtml(describeError(error))}</td></tr>`;
  }
}

// API keys

const keyList = document.getElementById("key-list");
const keyError = document.getElementById("key-error");

function showKeyError(prefix, error) {
  keyError.innerHTML =
    `${escapeHtml(prefix)} ${escapeHtml(describeError(error))}` +
    (error.requestId
      ? `<span class="reference">Reference: <code>${escapeHtml(error.requestId)}</code></span>`
      : "");
  keyError.hidden = false;
}

function renderKeys(keys) {
  keyList.innerHTML =
    keys
      .map(
        (key) => `<li data-key-id="${escapeHtml(key.id)}">
          <div>
            <strong>${escapeHtml(key.name)}</strong> <code>${escapeHtml(key.preview)}</code>
            <div class="key-meta">Created ${formatDate(key.createdAt)} · ${key.lastUsedAt ? `last used ${formatDate(key.lastUsedAt)}` : "never used"}</div>
          </div>
          <button type="button" class="button small danger" data-revoke="${escapeHtml(key.id)}" aria-label="Revoke ${escapeHtml(key.name)}">Revoke</button>
        </li>`,
      )
      .join("") || `<li class="muted">No API keys yet.</li>`;
}

async function loadKeys() {
  keysLoaded = true;
  try {
    const { keys } = await apiFetch("/api/keys");
    renderKeys(keys);
  } catch (error) {
    keysLoaded = false;
    keyList.innerHTML = "";
    showKeyError("We couldn't load your API keys.", error);
  }
}

document.getElementById("create-key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = document.getElementById("create-key");
  const nameInput = document.getElementById("key-name");
  keyError.hidden = true;
  button.disabled = true;
  try {
    const { secret } = await apiFetch("/api/keys", {
      method: "POST",
      body: { name: nameInput.value },
    });
    nameInput.value = "";
    document.getElementById("new-key-secret").textContent = secret;
    document.getElementById("new-key").hidden = false;
    await loadKeys();
  } catch (error) {
    showKeyError("We couldn't create the key.", error);
  } finally {
    button.disabled = false;
  }
});

keyList.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-revoke]") : null;
  if (!button) return;
  keyError.hidden = true;
  button.disabled = true;
  try {
    await apiFetch(`/api/keys/${encodeURIComponent(button.dataset.revoke)}`, { method: "DELETE" });
    await loadKeys();
  } catch (error) {
    button.disabled = false;
    showKeyError("We couldn't revoke the key.", error);
  }
});

document.getElementById("copy-key").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  try {
    await navigator.clipboard.writeText(document.getElementById("new-key-secret").textContent);
    button.textContent = "Copied";
  } catch {
    // Clipboard access can be refused (permissions, headless browsers): select the text instead.
    getSelection().selectAllChildren(document.getElementById("new-key-secret"));
    button.textContent = "Press Ctrl+C";
  }
});

showTab(tabFromPath(location.pathname));
renderProfileAndTeam();
