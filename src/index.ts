/**
 * The ES module API: `import { init, start } from "waymark"`. The functions are those of
 * `window.Waymark` (SPEC §2), bound to one default instance created on first use;
 * `createWaymark()` makes independent instances (tests, micro-frontends).
 */
import { createWaymark, type WaymarkApi } from "./api";

let instance: WaymarkApi | undefined;
const waymark = (): WaymarkApi => (instance ??= createWaymark());

export const init: WaymarkApi["init"] = (config) => waymark().init(config);
export const start: WaymarkApi["start"] = (guideId, options) => waymark().start(guideId, options);
export const demo: WaymarkApi["demo"] = (guideId, options) => waymark().demo(guideId, options);
export const stop: WaymarkApi["stop"] = () => waymark().stop();
export const identify: WaymarkApi["identify"] = (traits) => waymark().identify(traits);
export const track: WaymarkApi["track"] = (name, data) => waymark().track(name, data);
export const fail: WaymarkApi["fail"] = (name, data) => waymark().fail(name, data);
export const support: WaymarkApi["support"] = () => waymark().support();
export const report: WaymarkApi["report"] = (note) => waymark().report(note);
export const consent: WaymarkApi["consent"] = (granted) => waymark().consent(granted);
export const insights: WaymarkApi["insights"] = () => waymark().insights();
export const exportData: WaymarkApi["exportData"] = () => waymark().exportData();
export const clearData: WaymarkApi["clearData"] = () => waymark().clearData();
export const on: WaymarkApi["on"] = (event, fn) => waymark().on(event, fn);
export const off: WaymarkApi["off"] = (event, fn) => waymark().off(event, fn);
export const version: string = __WAYMARK_VERSION__;

export { createWaymark };
export type { WaymarkApi, ExportedData } from "./api";
export type { WaymarkConfig } from "./config";
export type { WaymarkEventName, Listener } from "./emitter";
export type { WaymarkEvent, Progress, EventType } from "./store/records";
export type { Guide, Step, Help, Condition, Advance, Action, LocalizedText } from "./guide/schema";
