/**
 * What `buffer` resolves to in the browser build (next.config.ts). The bundler otherwise adds a
 * ~7 KiB (gzip) polyfill of Node's Buffer to every page because storage-js mentions `Buffer`, in
 * a branch it takes only when Buffer exists (`typeof Buffer !== 'undefined'`, else `btoa`). No
 * browser code of ours uses Buffer; `lib/browser-buffer.test.ts` keeps it that way.
 */
export const Buffer = undefined;
