import { originalFetch } from "../capture/requests";
import { DOCS } from "../diagnostics";
import { createOtlpExporter, type OtlpExporter } from "../telemetry/exporter";
import type { WidgetContext } from "./context";

/** OTLP export (docs/telemetry.md): only with `telemetry.otlp` set, and only with consent. */
export function createExporter(
  ctx: Pick<WidgetContext, "win" | "config" | "diagnostics" | "store" | "cleanups">,
): OtlpExporter | undefined {
  const { win, config, diagnostics } = ctx;
  if (!config.telemetry.otlp) return undefined;
  let url: string;
  try {
    url = new URL(config.telemetry.otlp, win.location.href).href;
  } catch {
    diagnostics.misuse(
      "telemetry-url",
      `telemetry.otlp "${config.telemetry.otlp}" is not a URL, so no events are exported. Give the collector's logs endpoint, e.g. "https://otel.example.com/v1/logs". See ${DOCS}/telemetry.md.`,
    );
    return undefined;
  }
  const created = createOtlpExporter({
    url,
    fetch: originalFetch(win),
    outbox: ctx.store.outbox,
    resource: { version: __WAYMARK_VERSION__ },
    consent: config.consent,
    onProblem: (message) => diagnostics.misuse("telemetry", `${message} See ${DOCS}/telemetry.md.`),
    win,
  });
  ctx.cleanups.push(() => created.close());
  return created;
}
