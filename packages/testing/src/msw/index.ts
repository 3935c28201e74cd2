export { type BrazeCore, createBrazeCore } from "../core/braze-core.js";
export { type BrazeHandlersOptions, brazeHandlers } from "./braze-handlers.js";
