// @ts-check
/** What every request handler of one running simulator shares. */

/** @import { KeyObject } from "node:crypto" */
/** @import { SimStore } from "./store.mjs" */
/** @import { SimAccount, SimTelnyxAccount } from "./types.mjs" */

/**
 * @typedef {object} SimContext
 * @property {SimStore} store
 * @property {SimAccount[]} accounts
 * @property {SimTelnyxAccount[]} telnyxAccounts
 * @property {{ privateKey: KeyObject, publicKeyB64: string }} telnyxKeys
 * @property {Set<string>} telnyxNumbers
 * @property {import("./types.mjs").SimVonageApplication[]} vonageApplications
 * @property {Set<string>} vonageNumbers
 * @property {string | undefined} workerUrl
 * @property {(line: string) => void} say
 */

export {};
