// Tiny fetch wrapper for Ledgerly's JSON API. Failed calls throw an Error carrying what the
// server said: `status`, `code`, `fields` (422 field messages) and `requestId`.

/**
 * @param {string} path e.g. "/api/invoices"
 * @param {{ method?: string, body?: unknown }} [options]
 */
export async function apiFetch(path, { method = "GET", body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { accept: "application/json" }
          : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw Object.assign(new Error("Network request failed"), { status: 0, code: "network", cause });
  }
  const requestId = response.headers.get("x-request-id");
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    throw Object.assign(
      new Error(error.message || `Request failed with status ${response.status}`),
      {
        status: response.status,
        code: error.code || `http_${response.status}`,
        fields: error.fields || null,
        requestId,
      },
    );
  }
  return data;
}

/** A sentence for the person using the app: what happened and what to do next. */
export function describeError(error) {
  const status = error && typeof error.status === "number" ? error.status : -1;
  if (status === 0) return "We couldn't reach Ledgerly. Check your connection and try again.";
  if (status === 401) return "Your session has expired. Sign in again to continue.";
  if (status === 402) return error.message || "Your card was declined. Try another card.";
  if (status === 403) return "You don't have permission to do that. Ask an owner of this account.";
  if (status === 422) return "Please fix the highlighted fields and try again.";
  if (status === 429) return "That was a lot of requests at once. Wait a moment and try again.";
  if (status >= 500)
    return `Something went wrong on our side (error ${status}). Please try again in a minute.`;
  if (status > 0) return error.message || `The request failed (error ${status}).`;
  return "Something unexpected happened. Please reload the page.";
}
