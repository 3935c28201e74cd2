export { CHROMIUM_PATH, launchChromium } from "./chromium.js";
export { type PageActivity, staysLocal, watchPage } from "./page-watch.js";
