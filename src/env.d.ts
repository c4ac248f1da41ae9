/** The package version, replaced at build time (see vite.config.ts). */
declare const __WAYMARK_VERSION__: string;
