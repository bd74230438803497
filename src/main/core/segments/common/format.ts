/**
 * Number formats the segments print in prompts and in the rules analyst's theses. Grounding checks every figure
 * an answer repeats against the gathered facts, so prompt, rules and gather must round the same way: one place for
 * the formats keeps them from drifting apart between segments.
 */
import { DateTime } from 'luxon';
import { EXCHANGE_TZ } from '../../market/calendar';

/** Dollars at the tick of `ref`'s price (cents from $1, four decimals below). */
export const money = (x: number, ref = x): string => `$${ref >= 1 ? x.toFixed(2) : x.toFixed(4)}`;

/** Dollars with thousands separators and cents: "$20,000.00". */
export const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A decimal as a percentage to one decimal: 0.1234 → "12.3 %" (the prompts' data blocks). */
export const pct1 = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;

/** As pct1 with a sign on gains: 0.1234 → "+12.3 %" (the rules analyst's theses and evidence). */
export const signedPct1 = (x: number): string => `${x >= 0 ? '+' : ''}${pct1(x)}`;

/** A dollar amount in millions to one decimal: "12.3 million dollars". */
export const millionDollars = (x: number): string => `${(Math.round(x / 1e5) / 10).toFixed(1)} million dollars`;

/** A time as New York wall-clock minutes: "2026-11-20 10:00". */
export const nyTime = (t: number): string => DateTime.fromMillis(t, { zone: EXCHANGE_TZ }).toFormat('yyyy-MM-dd HH:mm');

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
