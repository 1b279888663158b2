/** What a report answers (report.ts counts it; figures.ts says what each figure means). */
import { LOST_REASONS } from "../vocabulary";
import type { TextGroup } from "./text-groups";

/** Where outbound texts stand: sent, failed, queued, scheduled and canceled take each text once; delivered is part of sent. */
export const TEXT_STATES = ["sent", "delivered", "failed", "queued", "scheduled", "canceled"] as const;
export type TextState = (typeof TEXT_STATES)[number];

/** The funnel's steps, each a count of leads opened by a missed call (figures.ts says which). */
export const FUNNEL_STEPS = ["missed", "texted", "engaged", "qualified", "booked", "won"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export type FunnelCounts = Record<FunnelStep, number>;
/** Each step's count, and its share of `missed` (null with none missed): never over 1. */
export type Funnel = FunnelCounts & { rates: Record<Exclude<FunnelStep, "missed">, number | null> };

/** Money of the leads a period opened, in cents: an estimate and confirmed amounts, never added together. */
export interface Revenue {
  /** Open leads (booked included) at their estimate, else the default job value. */
  estimatedCents: number;
  /** Won leads at the amount a person recorded. */
  wonCents: number;
}

/** Why lost leads were lost: each reason a lead can carry (the owner's BLOCK's too), and `none` when nobody said. */
export const LOST_BUCKETS = [...LOST_REASONS, "blocked", "none"] as const;
export type LostBucket = (typeof LOST_BUCKETS)[number];

/** Leads a period opened that are lost now, and what they were worth (each at its estimate, else the default job value). */
export interface LostLeads {
  count: number;
  valueCents: number;
  byReason: Record<LostBucket, { count: number; valueCents: number }>;
}

/** One local day of the business: its calls, and the funnel and money of the leads it opened. */
export interface ReportDay {
  /** YYYY-MM-DD in the business's time zone. */
  date: string;
  calls: { answered: number; missed: number };
  funnel: FunnelCounts;
  revenue: Revenue;
  urgent: number;
}

export interface Report {
  from: string;
  to: string;
  /** Calls, not people. */
  calls: { total: number; answered: number; missed: number };
  /** People, each once: missed ⊇ recoverable ⊇ textedBack ⊇ delivered, and textedBack ⊇ replied. */
  callers: { total: number; missed: number; recoverable: number; textedBack: number; delivered: number; replied: number };
  /**
   * Every outbound text by where it stands, the sent ones by what they are for, and of the ones not
   * sent (`canceled`), those the business's daily cap stopped.
   */
  texts: Record<TextState, number> & { sentByKind: Record<TextGroup, number>; notSentDailyCap: number };
  replies: number;
  optOuts: number;
  /** callers.replied ÷ callers.recoverable; null with no recoverable caller. */
  recoveryRate: number | null;
  medianSecondsToText: number | null;
  funnel: Funnel;
  revenue: Revenue;
  lost: LostLeads;
  medianSecondsToFirstHumanReply: number | null;
  urgent: { count: number; medianSecondsToAcknowledge: number | null };
  /** Every local day of the period, empty ones too; null for a period longer than MAX_BY_DAY_DAYS. */
  byDay: ReportDay[] | null;
}
