/**
 * The one place the app gets zod from: zod/mini (functional API, a third of classic zod's bundle cost)
 * with classic zod's English error messages. zod/mini loads no locale, so without this every issue
 * would read "Invalid input". Every module imports `* as z from "./zod"` (never "zod" or "zod/mini"
 * directly), so any entry point, a test importing one schema included, configures the locale first.
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

// Like classic zod: English unless a locale was configured already.
if (!config().localeError) config(en());

export * from "zod/mini";
