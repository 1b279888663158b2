/** The credentials each carrier needs, as the number forms ask for them and name them in errors. */

export interface CredentialField {
  name: string;
  label: string;
  hint: string;
  /** Write-only: a password field, never filled in again. */
  secret?: boolean;
  optional?: boolean;
  /** Several lines (a PEM key). */
  multiline?: boolean;
  /** A list typed one item a line: the lines as the API takes the list (its issues then name the line). */
  lines?: (lines: string[]) => unknown[];
}

/** Twilio's SharedKeys as the form takes them: one a line, the id, a space, the secret. */
function sharedKeyLines(lines: string[]) {
  return lines.map((line) => {
    const [id = "", ...secret] = line.split(/\s+/);
    return { id, secret: secret.join(" ") };
  });
}

/** A carrier addNumberSchema accepts, and the credentials it needs (DESIGN.md §3). */
export interface CarrierForm {
  id: string;
  name: string;
  fields: CredentialField[];
}

export const CARRIER_FORMS: CarrierForm[] = [
  {
    id: "twilio",
    name: "Twilio",
    fields: [
      { name: "accountSid", label: "Account SID", hint: "Starts with AC; on the Twilio console's home page." },
      { name: "authToken", label: "Auth token", hint: "Stored encrypted and never shown again.", secret: true },
      {
        name: "sharedKeys",
        label: "Webhook SharedKeys",
        hint: "Optional: only if a Twilio Webhook Setting signs this number's webhooks with a SharedKey. One a line: its id, a space, its secret (two while you rotate). Stored encrypted and never shown again.",
        secret: true,
        optional: true,
        multiline: true,
        lines: sharedKeyLines,
      },
    ],
  },
  {
    id: "telnyx",
    name: "Telnyx",
    fields: [
      { name: "apiKey", label: "API key", hint: "Stored encrypted and never shown again.", secret: true },
      { name: "publicKey", label: "Public key", hint: "Mission Control → Account settings → Public key (44 characters)." },
      { name: "messagingProfileId", label: "Messaging profile ID", hint: "Optional.", optional: true },
    ],
  },
  {
    id: "signalwire",
    name: "SignalWire",
    fields: [
      { name: "spaceUrl", label: "Space URL", hint: "Like example.signalwire.com." },
      { name: "projectId", label: "Project ID", hint: "On the Space's API page." },
      { name: "apiToken", label: "API token", hint: "Stored encrypted and never shown again.", secret: true },
      { name: "signingKey", label: "Signing key", hint: "Signs the webhooks; stored encrypted.", secret: true },
    ],
  },
  {
    id: "vonage",
    name: "Vonage",
    fields: [
      { name: "apiKey", label: "API key", hint: "On the Vonage dashboard's home page." },
      { name: "apiSecret", label: "API secret", hint: "Stored encrypted and never shown again.", secret: true },
      { name: "applicationId", label: "Application ID", hint: "Applications → your application (the number must be linked to it)." },
      { name: "privateKey", label: "Application private key", hint: "The private.key file the application downloaded, all of it. Stored encrypted and never shown again.", secret: true, multiline: true },
      { name: "signatureSecret", label: "Signature secret", hint: "Settings → API settings → Signature secret (signs the webhooks); stored encrypted.", secret: true },
    ],
  },
  {
    id: "plivo",
    name: "Plivo",
    fields: [
      { name: "authId", label: "Auth ID", hint: "Starts with MA (or SA for a subaccount); on the Plivo console's overview page." },
      { name: "authToken", label: "Auth token", hint: "Signs the webhooks; stored encrypted and never shown again.", secret: true },
    ],
  },
  {
    id: "bandwidth",
    name: "Bandwidth",
    fields: [
      { name: "accountId", label: "Account ID", hint: "Digits; at the top of the Bandwidth App." },
      { name: "applicationId", label: "Messaging application ID", hint: "Applications → your messaging application." },
      { name: "clientId", label: "API client ID", hint: "Account → API Credentials: one with the Messaging role (Voice too for voicemail and the test call, Numbers for Configure for me)." },
      { name: "clientSecret", label: "API client secret", hint: "Shown once when the credential is created. Stored encrypted and never shown again.", secret: true },
      { name: "callbackUsername", label: "Callback username", hint: "The callback credentials you set on both applications." },
      { name: "callbackPassword", label: "Callback password", hint: "At least 12 characters; it authenticates Bandwidth's callbacks.", secret: true },
    ],
  },
];

export const CARRIER_NAMES: Record<string, string> = Object.fromEntries(CARRIER_FORMS.map((c) => [c.id, c.name]));

const NUMBER_LABELS: Record<string, string> = {
  e164: "Phone number",
  carrier: "Carrier",
  mode: "How calls reach Textback",
  credentials: "Credentials",
  ...Object.fromEntries(CARRIER_FORMS.flatMap((c) => c.fields.map((f) => [f.name, f.label]))),
};

const LISTED = new Set(CARRIER_FORMS.flatMap((c) => c.fields.filter((f) => f.lines).map((f) => f.name)));

/** A validation issue's field as the form labels it: `credentials.spaceUrl` → "Space URL"; `credentials.sharedKeys.1.secret` → "Webhook SharedKeys, line 2". */
export function numberFieldLabel(path: readonly PropertyKey[]): string {
  const [head, name, line] = path;
  if (head === "credentials" && LISTED.has(String(name))) return typeof line === "number" ? `${NUMBER_LABELS[String(name)]}, line ${line + 1}` : NUMBER_LABELS[String(name)]!;
  return NUMBER_LABELS[String(path.at(-1))] ?? (path.join(".") || "Number");
}

/** The posted field a validation issue is about: `credentials.spaceUrl` → `cred.spaceUrl`. */
export function numberFieldName(path: readonly PropertyKey[]): string | undefined {
  const [head, name] = path.map(String);
  if (head === "credentials") return name === undefined ? undefined : `cred.${name}`;
  return head === "e164" || head === "mode" ? head : undefined;
}

/**
 * The `cred.<name>` fields of a posted form for `carrier`, trimmed, the empty ones left out (so
 * "required" errors name them); a list field's lines become its list.
 */
export function postedCredentials(values: Record<string, string>, carrier: string | undefined): Record<string, unknown> {
  const fields = CARRIER_FORMS.find((c) => c.id === carrier)?.fields ?? [];
  const credentials: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(values)) {
    if (!k.startsWith("cred.") || value.trim() === "") continue;
    const name = k.slice("cred.".length);
    const lines = fields.find((f) => f.name === name)?.lines;
    credentials[name] = lines ? lines(value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "")) : value.trim();
  }
  return credentials;
}
