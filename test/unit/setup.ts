// Unit and component tests run in happy-dom with an in-memory IndexedDB.
import "fake-indexeddb/auto";
import { cleanup } from "@testing-library/preact";
import { afterEach } from "vitest";

afterEach(() => cleanup());
