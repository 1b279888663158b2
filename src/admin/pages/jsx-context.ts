/**
 * hono/jsx's createContext and useContext, taken from the module that defines them rather than from
 * the "hono/jsx" entry. That entry also re-exports the client-side DOM renderer, its hooks and
 * Suspense, and esbuild keeps all of them (hono declares no `sideEffects: false`): importing these two
 * functions from it put 6 KB of browser code into the Worker's gzip. This is the same module the JSX
 * runtime itself imports, so contexts made here are the ones its renderer reads.
 */
import type { createContext as CreateContext, useContext as UseContext } from "hono/jsx";
// @ts-expect-error hono ships this file's types under dist/types, not beside it; typed from hono/jsx below.
import * as context from "../../../node_modules/hono/dist/jsx/context.js";

export const createContext: typeof CreateContext = context.createContext;
export const useContext: typeof UseContext = context.useContext;
