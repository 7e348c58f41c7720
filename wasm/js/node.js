// proficient-wasm for Node: the same API as index.js, with the main
// WebAssembly module instantiated synchronously from the file beside
// this one, so no `await init()` is needed.
import { readFileSync } from 'node:fs';
import { initSync, setExtraSource } from './index.js';

initSync(readFileSync(new URL('./proficient_wasm_bg.wasm', import.meta.url)));
// The second module (analyses, trainer, CASE, badges) is read and compiled
// on first use.
setExtraSource(() => readFileSync(new URL('./proficient_wasm_extra_bg.wasm', import.meta.url)));

export * from './index.js';
export { default } from './index.js';
