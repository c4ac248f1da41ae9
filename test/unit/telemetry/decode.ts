import { createRequire } from "node:module";

/**
 * Decodes an OTLP/HTTP JSON logs request with the official OpenTelemetry protocol definitions
 * (the protobufjs module @opentelemetry/otlp-transformer generated from opentelemetry-proto):
 * JSON → ExportLogsServiceRequest → protobuf bytes → back to JSON. A field the protocol does
 * not define, or a value of the wrong type, does not survive the round trip, so
 * `expect(decodeOtlpJson(body)).toEqual(body)` holds only for a payload a collector reads as sent.
 */
const require = createRequire(import.meta.url);
const root = require("@opentelemetry/otlp-transformer/build/src/generated/root.js") as {
  opentelemetry: {
    proto: { collector: { logs: { v1: { ExportLogsServiceRequest: ProtoType } } } };
  };
};

interface ProtoType {
  fromObject(object: unknown): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}

const ExportLogsServiceRequest =
  root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/** OTLP JSON writes trace and span ids as hex where proto3 JSON would use base64. */
function mapIds(value: unknown, convert: (id: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapIds(item, convert));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      (key === "traceId" || key === "spanId") && typeof item === "string"
        ? convert(item)
        : mapIds(item, convert),
    ]),
  );
}

export function decodeOtlpJson(json: unknown): unknown {
  const message = ExportLogsServiceRequest.fromObject(
    mapIds(json, (hex) => Buffer.from(hex, "hex")),
  );
  const bytes = ExportLogsServiceRequest.encode(message).finish();
  const decoded = ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(bytes), {
    longs: String,
    enums: Number,
    bytes: String,
  });
  return mapIds(decoded, (base64) => Buffer.from(base64, "base64").toString("hex"));
}
