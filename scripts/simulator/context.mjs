// @ts-check
/** What every request handler of one running simulator shares. */

/** @import { KeyObject } from "node:crypto" */
/** @import { SimStore } from "./store.mjs" */
/** @import { SimAccount, SimBandwidthAccount, SimPlivoAccount, SimTelnyxAccount } from "./types.mjs" */

/**
 * @typedef {object} SimContext
 * @property {SimStore} store
 * @property {SimAccount[]} accounts
 * @property {SimTelnyxAccount[]} telnyxAccounts
 * @property {{ privateKey: KeyObject, publicKeyB64: string }} telnyxKeys
 * @property {Set<string>} telnyxNumbers
 * @property {import("./types.mjs").SimVonageApplication[]} vonageApplications
 * @property {Set<string>} vonageNumbers
 * @property {SimPlivoAccount[]} plivoAccounts
 * @property {Set<string>} plivoNumbers
 * @property {SimBandwidthAccount[]} bandwidthAccounts
 * @property {Map<string, { clientId: string, expiresAt: number }>} bandwidthTokens the bearer tokens issued, by token
 * @property {Set<string>} bandwidthNumbers
 * @property {string | undefined} workerUrl
 * @property {string | undefined} adminToken the worker's ADMIN_TOKEN: the page asks it which carrier a number is on
 * @property {(line: string) => void} say
 * @property {string[]} businessNumbers the numbers the page offers to call and text
 * @property {string | undefined} ownerPhone the business owner's phone, for the page's "answer as the owner"
 * @property {string} caller who the page calls and replies as, unless told otherwise: the last caller
 * @property {Set<string>} callers every phone that called or texted as a caller: texts to them are "to the caller"
 * @property {Set<string>} owners the demo owner's phone and every phone the page texted from as an owner: texts to them are "to the owner"
 */

export {};
