/**
 * The ten pre-trade guardrail checks (seed 001 stage 1 plus the data/fat-finger anchors and the two playbook v2
 * rules). Each is a small pure function of a GuardrailInput returning one GuardrailCheck:
 *   - severity 'block' ⇔ passed false; 'warn' when the value is above limits.warnFraction × limit but not above
 *     the limit; 'info' otherwise. Exactly at the limit passes.
 *   - a check that cannot measure its value (no quote, no volume history, no price) blocks and says why: a
 *     guardrail that cannot look is not a guardrail that passed.
 *   - `inputs` carries every number behind the verdict for the explain dialog.
 */
import { DateTime } from 'luxon';
import { sideSign, type GuardrailCheck, type GuardrailCheckId, type GuardrailSeverity } from '../../../../shared/contract';
import { fixedVs, fmtInt, fmtPct, fmtPctPoints, fmtPrice, fmtUsd, grade, r6 } from './format';
import type { CorporateEvent, GuardrailInput } from './types';

type Inputs = GuardrailCheck['inputs'];

function make(
  check: GuardrailCheckId,
  severity: GuardrailSeverity,
  value: GuardrailCheck['value'],
  limit: GuardrailCheck['limit'],
  unit: string,
  message: string,
  inputs: Inputs,
): GuardrailCheck {
  return { check, passed: severity !== 'block', severity, value, limit, unit, message, inputs };
}

/** The price positions and exposure are valued at: the last trade, else the order's own limit or stop price. */
export function markPrice(input: GuardrailInput): number | null {
  const p = input.quote?.last ?? input.intent.limitPrice ?? input.intent.stopPrice ?? null;
  return p !== null && p > 0 ? p : null;
}

/** Signed shares of the symbol held now and after the trade, and whether the trade only shrinks the position. */
export function positionChange(input: GuardrailInput): { before: number; after: number; reducing: boolean } {
  let before = 0;
  for (const p of input.positions) if (p.symbol === input.intent.symbol) before += p.quantity;
  const after = before + sideSign(input.intent.side) * input.intent.quantity;
  const reducing = before !== 0 && Math.abs(after) <= Math.abs(before) && after * before >= 0;
  return { before, after, reducing };
}

const sectorName = (s: string): string => s.replace(/_/g, ' ');

// ---------------------------------------------------------------------------------------------------------

/** The order's share of average daily volume over limits.advLookbackDays sessions. */
export function liquidity(input: GuardrailInput): GuardrailCheck {
  const { intent, limits, adv } = input;
  const n = limits.advLookbackDays;
  const limit = limits.advMaxOrderRatio;
  const inputs: Inputs = {
    orderShares: intent.quantity,
    adv: adv === null ? null : Math.round(adv),
    advLookbackDays: n,
    advMaxOrderRatio: limit,
    warnFraction: limits.warnFraction,
  };
  if (adv === null || !(adv > 0)) {
    return make('liquidity', 'block', null, limit, 'ratio', `No ${n}-session volume history for ${intent.symbol}: the order cannot be sized against ADV${n}.`, inputs);
  }
  const ratio = intent.quantity / adv;
  inputs.ratio = r6(ratio);
  const severity = grade(ratio, limit, limits.warnFraction);
  const message = `Order of ${fmtInt(intent.quantity)} sh is ${fmtPct(ratio, limit)} of ADV${n} (${fmtInt(adv)} sh); limit ${fmtPct(limit)}.`;
  return make('liquidity', severity, r6(ratio), limit, 'ratio', message, inputs);
}

/**
 * The position's absolute market value after the trade against maxPositionPctEquity × equity and maxPositionUsd,
 * and the segment's (intent.originId) gross market value against maxSegmentPctEquity × equity. The part closest
 * to (or furthest over) its limit is reported. A trade that only shrinks the position passes.
 */
export function positionSize(input: GuardrailInput): GuardrailCheck {
  const { intent, limits, equity } = input;
  const price = markPrice(input);
  const { before, after, reducing } = positionChange(input);
  const inputs: Inputs = {
    price,
    equity: r6(equity),
    sharesBefore: before,
    sharesAfter: after,
    maxPositionPctEquity: limits.maxPositionPctEquity,
    maxPositionUsd: limits.maxPositionUsd,
    maxSegmentPctEquity: limits.maxSegmentPctEquity,
    originId: intent.originId,
  };
  if (reducing) {
    return make('position_size', 'info', after, before, 'shares', `Reduces the ${intent.symbol} position from ${fmtInt(before)} to ${fmtInt(after)} sh.`, inputs);
  }
  if (price === null) return make('position_size', 'block', null, limits.maxPositionUsd, 'usd', `No price for ${intent.symbol}: the position size cannot be checked.`, inputs);
  if (!(equity >= 1)) return make('position_size', 'block', null, limits.maxPositionPctEquity, 'ratio', `Equity is ${fmtUsd(equity)}: no position can be sized against it.`, inputs);

  const valueBefore = Math.abs(before * price);
  const valueAfter = Math.abs(after * price);
  inputs.positionValueAfter = r6(valueAfter);
  inputs.positionPctEquity = r6(valueAfter / equity);
  const parts: { u: number; value: number; limit: number; unit: string; message: string }[] = [
    {
      u: valueAfter / equity / limits.maxPositionPctEquity,
      value: r6(valueAfter / equity),
      limit: limits.maxPositionPctEquity,
      unit: 'ratio',
      message: `${intent.symbol} position after the trade is ${fmtUsd(valueAfter)}, ${fmtPct(valueAfter / equity, limits.maxPositionPctEquity)} of equity (${fmtUsd(equity)}); limit ${fmtPct(limits.maxPositionPctEquity)}.`,
    },
    {
      u: valueAfter / limits.maxPositionUsd,
      value: r6(valueAfter),
      limit: limits.maxPositionUsd,
      unit: 'usd',
      message: `${intent.symbol} position after the trade is ${fmtUsd(valueAfter)}; limit ${fmtUsd(limits.maxPositionUsd)}.`,
    },
  ];
  if (intent.originId !== null) {
    let segmentNow = 0;
    for (const p of input.positions) if (p.originId === intent.originId) segmentNow += Math.abs(p.marketValue);
    const segmentAfter = segmentNow + Math.max(0, valueAfter - valueBefore);
    inputs.segmentValueNow = r6(segmentNow);
    inputs.segmentValueAfter = r6(segmentAfter);
    inputs.segmentPctEquity = r6(segmentAfter / equity);
    parts.push({
      u: segmentAfter / equity / limits.maxSegmentPctEquity,
      value: r6(segmentAfter / equity),
      limit: limits.maxSegmentPctEquity,
      unit: 'ratio',
      message: `${intent.originId} would hold ${fmtUsd(segmentAfter)}, ${fmtPct(segmentAfter / equity, limits.maxSegmentPctEquity)} of equity; segment limit ${fmtPct(limits.maxSegmentPctEquity)}.`,
    });
  }
  const binding = parts.reduce((a, b) => (b.u > a.u ? b : a));
  inputs.binding = binding.unit === 'usd' ? 'maxPositionUsd' : binding === parts[0] ? 'maxPositionPctEquity' : 'maxSegmentPctEquity';
  const severity = grade(binding.u, 1, limits.warnFraction);
  return make('position_size', severity, binding.value, binding.limit, binding.unit, binding.message, inputs);
}

/** Gross |market value| of the instrument's sector after the trade as a share of equity. */
export function sectorExposure(input: GuardrailInput): GuardrailCheck {
  const { intent, limits, equity, instrument } = input;
  const limit = limits.maxSectorExposure;
  const sector = instrument.sector;
  const inputs: Inputs = { sector, equity: r6(equity), maxSectorExposure: limit };
  if (sector === null) {
    return make('sector_exposure', 'info', null, limit, 'ratio', `${intent.symbol} belongs to no sector: sector exposure does not apply.`, inputs);
  }
  const price = markPrice(input);
  const { after, reducing } = positionChange(input);
  if (price === null) return make('sector_exposure', reducing ? 'info' : 'block', null, limit, 'ratio', `No price for ${intent.symbol}: the ${sectorName(sector)} exposure cannot be measured.`, inputs);
  if (!(equity >= 1)) return make('sector_exposure', reducing ? 'info' : 'block', null, limit, 'ratio', `Equity is ${fmtUsd(equity)}: sector exposure cannot be measured.`, inputs);
  let others = 0;
  for (const p of input.positions) if (p.sector === sector && p.symbol !== intent.symbol) others += Math.abs(p.marketValue);
  const gross = others + Math.abs(after * price);
  const share = gross / equity;
  Object.assign(inputs, { price, otherPositionsValue: r6(others), positionValueAfter: r6(Math.abs(after * price)), sectorGrossAfter: r6(gross), share: r6(share) });
  const text = `${sectorName(sector)} exposure after the trade is ${fmtUsd(gross)}, ${fmtPct(share, limit)} of equity; limit ${fmtPct(limit)}`;
  if (reducing) return make('sector_exposure', 'info', r6(share), limit, 'ratio', `Reduces the position: ${text}.`, inputs);
  return make('sector_exposure', grade(share, limit, limits.warnFraction), r6(share), limit, 'ratio', `${text}.`, inputs);
}

const EVENT_KIND: Record<CorporateEvent['kind'], string> = {
  earnings: 'Earnings',
  fda_decision: 'FDA decision',
  trial_readout: 'Trial readout',
  shareholder_meeting: 'Shareholder meeting',
  offering: 'Offering',
};
const EVENT_TIMING: Record<CorporateEvent['timing'], string> = {
  bmo: 'before the open',
  amc: 'after the close',
  during: 'during the session',
};
const daysText = (d: number): string => (d === 0 ? 'today' : d === 1 ? '1 trading day away' : `${d} trading days away`);

/**
 * The nearest scheduled corporate event of the symbol: within eventBlackoutDays trading days (0 = today) blocks;
 * within ⌈eventBlackoutDays / warnFraction⌉ warns (the event is near the blackout).
 */
export function eventWindow(input: GuardrailInput): GuardrailCheck {
  const { limits, intent } = input;
  const limit = limits.eventBlackoutDays;
  let nearest: { e: CorporateEvent; d: number } | null = null;
  for (const e of input.events) {
    const d = input.tradingDaysUntil(e.date);
    if (d >= 0 && (nearest === null || d < nearest.d)) nearest = { e, d };
  }
  const inputs: Inputs = { eventBlackoutDays: limit, warnFraction: limits.warnFraction, eventsKnown: input.events.length };
  if (nearest === null) {
    return make('event_window', 'info', null, limit, 'days', `No scheduled corporate event for ${intent.symbol}.`, inputs);
  }
  const { e, d } = nearest;
  Object.assign(inputs, { eventKind: e.kind, eventDate: e.date, eventTiming: e.timing, eventSource: e.source, tradingDaysUntil: d });
  const warnWithin = limits.warnFraction > 0 ? Math.ceil(limit / limits.warnFraction) : Number.POSITIVE_INFINITY;
  const severity: GuardrailSeverity = d <= limit ? 'block' : d <= warnWithin ? 'warn' : 'info';
  const what = `${EVENT_KIND[e.kind]} on ${e.date} ${EVENT_TIMING[e.timing]} is ${daysText(d)}`;
  const message =
    severity === 'block' ? `${what}; blackout is ${limit} trading days.` : `Next event: ${what}; blackout is ${limit} trading days.`;
  return make('event_window', severity, d, limit, 'days', message, inputs);
}

/** The market regime (from the benchmark's bars) must be one the playbook trades in. */
export function regime(input: GuardrailInput): GuardrailCheck {
  const { regime: reading, playbook } = input;
  const allowed = playbook.allowedRegimes.join(', ');
  const inputs: Inputs = { ...reading.inputs, regime: reading.label, benchmark: reading.benchmark, asOf: reading.asOf, playbook: playbook.id, allowed };
  if (reading.asOf === null) {
    const reason = typeof reading.inputs.reason === 'string' ? reading.inputs.reason : 'no benchmark history';
    return make('regime', 'block', null, allowed, 'label', `The market regime cannot be read (${reason}).`, inputs);
  }
  if (playbook.allowedRegimes.includes(reading.label)) {
    return make('regime', 'info', reading.label, allowed, 'label', `Regime is ${reading.label} (${reading.benchmark}); ${playbook.name} trades in ${allowed}.`, inputs);
  }
  return make(
    'regime',
    'block',
    reading.label,
    allowed,
    'label',
    `Regime is ${reading.label} (${reading.benchmark}); ${playbook.name} trades only in ${allowed || 'no regime'}.`,
    inputs,
  );
}

/** The newest dated catalyst behind the thesis may be at most catalystFreshnessHours old. */
export function catalystFreshness(input: GuardrailInput): GuardrailCheck {
  const { limits, now } = input;
  const limit = limits.catalystFreshnessHours;
  const catalysts = input.evidence.filter((e) => e.catalyst === true);
  let newest: (typeof catalysts)[number] | null = null;
  for (const e of catalysts) if (e.t !== undefined && (newest === null || e.t > newest.t!)) newest = e;
  const inputs: Inputs = {
    catalystFreshnessHours: limit,
    catalystRequired: limits.catalystRequired,
    warnFraction: limits.warnFraction,
    catalysts: catalysts.length,
  };
  if (newest === null) {
    const why = catalysts.length > 0 ? 'The catalyst behind the thesis has no time' : 'No catalyst behind the thesis';
    return limits.catalystRequired
      ? make('catalyst_freshness', 'block', null, limit, 'hours', `${why}; this desk requires one under ${limit} h old.`, inputs)
      : make('catalyst_freshness', 'info', null, limit, 'hours', `${why}; catalyst freshness does not apply.`, inputs);
  }
  const hours = Math.max(0, now - newest.t!) / 3_600_000;
  Object.assign(inputs, { catalystAt: newest.t!, ageHours: r6(hours), catalystSource: newest.source });
  const severity = grade(hours, limit, limits.warnFraction);
  const message = `Newest catalyst (${newest.source}) is ${fixedVs(hours, 1, limit)} h old; limit ${limit} h.`;
  return make('catalyst_freshness', severity, Number(hours.toFixed(2)), limit, 'hours', message, inputs);
}

const etTime = (t: number): string => DateTime.fromMillis(t, { zone: 'America/New_York' }).toFormat('yyyy-MM-dd HH:mm');

/** Quote age during a session (extended hours included); outside a session the last close is expected. */
export function dataFreshness(input: GuardrailInput): GuardrailCheck {
  const { quote, limits, now, intent } = input;
  const limit = limits.maxQuoteAgeSeconds;
  const inputs: Inputs = { maxQuoteAgeSeconds: limit, sessionOpen: input.sessionOpen, sessionPhase: input.sessionPhase, source: input.source, warnFraction: limits.warnFraction };
  if (quote === null) return make('data_freshness', 'block', null, limit, 'seconds', `No quote for ${intent.symbol} from ${input.source}.`, inputs);
  const age = Math.max(0, now - quote.t) / 1000;
  Object.assign(inputs, { quoteAt: quote.t, ageSeconds: r6(age), last: quote.last });
  const value = Number(age.toFixed(1));
  if (!input.sessionOpen) {
    const message = `Market is closed: ${fmtPrice(quote.last)} is the last close (last trade ${etTime(quote.t)} ET, ${input.source}).`;
    return make('data_freshness', 'info', value, limit, 'seconds', message, inputs);
  }
  const message = `Quote from ${input.source} is ${fixedVs(age, 1, limit)} s old; limit ${limit} s.`;
  return make('data_freshness', grade(age, limit, limits.warnFraction), value, limit, 'seconds', message, inputs);
}

/**
 * Limit and stop prices at most fatFingerMaxPct from the last trade, and the order's notional (quantity × its
 * reference price: the limit, else the stop, else the last) at most fatFingerMaxNotionalUsd.
 */
export function fatFinger(input: GuardrailInput): GuardrailCheck {
  const { intent, limits, quote } = input;
  const last = quote !== null && quote.last > 0 ? quote.last : null;
  const ref = intent.limitPrice ?? intent.stopPrice ?? last;
  const inputs: Inputs = {
    last,
    limitPrice: intent.limitPrice,
    stopPrice: intent.stopPrice,
    quantity: intent.quantity,
    fatFingerMaxPct: limits.fatFingerMaxPct,
    fatFingerMaxNotionalUsd: limits.fatFingerMaxNotionalUsd,
    warnFraction: limits.warnFraction,
  };
  if (last === null || ref === null) {
    return make('fat_finger', 'block', null, limits.fatFingerMaxPct, 'pct', `No last price for ${intent.symbol}: the order's prices cannot be checked.`, inputs);
  }
  const notional = intent.quantity * ref;
  inputs.referencePrice = ref;
  inputs.notional = r6(notional);
  const parts: { u: number; value: number; limit: number; unit: string; message: string; name: string }[] = [
    {
      name: 'notional',
      u: notional / limits.fatFingerMaxNotionalUsd,
      value: r6(notional),
      limit: limits.fatFingerMaxNotionalUsd,
      unit: 'usd',
      message: `Order notional is ${fmtUsd(notional)} (${fmtInt(intent.quantity)} sh × ${fmtPrice(ref)}); limit ${fmtUsd(limits.fatFingerMaxNotionalUsd)}.`,
    },
  ];
  for (const [name, p] of [
    ['Limit', intent.limitPrice],
    ['Stop', intent.stopPrice],
  ] as const) {
    if (p === null) continue;
    const pct = (Math.abs(p - last) / last) * 100;
    inputs[`${name.toLowerCase()}DistancePct`] = r6(pct);
    parts.push({
      name: `${name.toLowerCase()}Distance`,
      u: pct / limits.fatFingerMaxPct,
      value: Number(pct.toFixed(4)),
      limit: limits.fatFingerMaxPct,
      unit: 'pct',
      message: `${name} price ${fmtPrice(p)} is ${fmtPctPoints(pct, limits.fatFingerMaxPct)} from the last ${fmtPrice(last)}; limit ${fmtPctPoints(limits.fatFingerMaxPct)}.`,
    });
  }
  const binding = parts.reduce((a, b) => (b.u > a.u ? b : a));
  inputs.binding = binding.name;
  return make('fat_finger', grade(binding.u, 1, limits.warnFraction), binding.value, binding.limit, binding.unit, binding.message, inputs);
}

/** The signal behind the card may be at most playbook.staleMinutes old (a manual ticket has age 0). */
export function playbookStale(input: GuardrailInput): GuardrailCheck {
  const { playbook, limits, now, signalAt } = input;
  const limit = playbook.staleMinutes;
  const minutes = Math.max(0, now - (signalAt ?? now)) / 60_000;
  const inputs: Inputs = { signalAt, now, ageMinutes: r6(minutes), staleMinutes: limit, playbook: playbook.id, warnFraction: limits.warnFraction };
  if (signalAt === null) {
    return make('playbook_stale', 'info', 0, limit, 'minutes', `Manual ticket: no signal to go stale (${playbook.name} allows ${limit} min).`, inputs);
  }
  const message = `Signal is ${fixedVs(minutes, 1, limit)} min old; ${playbook.name} allows ${limit} min.`;
  return make('playbook_stale', grade(minutes, limit, limits.warnFraction), Number(minutes.toFixed(2)), limit, 'minutes', message, inputs);
}

/**
 * Do not chase a gap: the gap from the previous close (the open once the regular session opened, the last trade
 * in the pre-market) in the trade's direction — buy/cover chase an up-gap, short/sell a down-gap — at most
 * playbook.gapChaseMaxPercent. A gap against the trade passes; with the market closed the gap is not known yet.
 */
export function playbookGapChase(input: GuardrailInput): GuardrailCheck {
  const { playbook, limits, quote, intent, sessionPhase } = input;
  const limit = playbook.gapChaseMaxPercent;
  const inputs: Inputs = { gapChaseMaxPercent: limit, playbook: playbook.id, side: intent.side, sessionPhase, warnFraction: limits.warnFraction };
  if (quote === null || !(quote.prevClose > 0)) {
    return make('playbook_gap_chase', 'block', null, limit, 'pct', `No quote with a previous close for ${intent.symbol}: the gap cannot be measured.`, inputs);
  }
  Object.assign(inputs, { prevClose: quote.prevClose, open: quote.open, last: quote.last });
  if (sessionPhase === 'closed') {
    return make('playbook_gap_chase', 'info', null, limit, 'pct', 'Market is closed: the gap is measured once the next session trades.', inputs);
  }
  const from = sessionPhase === 'pre' ? 'last' : 'open';
  const ref = from === 'last' ? quote.last : quote.open;
  const gapPct = (ref / quote.prevClose - 1) * 100;
  const chasePct = sideSign(intent.side) * gapPct;
  Object.assign(inputs, { measuredFrom: from, gapPct: r6(gapPct), chasePct: r6(chasePct) });
  const gapText = `${gapPct >= 0 ? 'up' : 'down'} ${fmtPctPoints(Math.abs(gapPct), limit)} (${from} ${fmtPrice(ref)} vs previous close ${fmtPrice(quote.prevClose)})`;
  if (chasePct <= 0) {
    return make('playbook_gap_chase', 'info', Number(chasePct.toFixed(4)), limit, 'pct', `A ${intent.side} against a gap ${gapText} is not a chase.`, inputs);
  }
  if (positionChange(input).reducing) {
    // Selling a long into a down-gap (or covering a short into an up-gap) is an exit, not a chase.
    return make('playbook_gap_chase', 'info', Number(chasePct.toFixed(4)), limit, 'pct', `A ${intent.side} that only reduces the position exits with the gap ${gapText}; that is not a chase.`, inputs);
  }
  const message = `A ${intent.side} into a gap ${gapText}; ${playbook.name} allows ${fmtPctPoints(limit)}.`;
  return make('playbook_gap_chase', grade(chasePct, limit, limits.warnFraction), Number(chasePct.toFixed(4)), limit, 'pct', message, inputs);
}

/** All ten, playbook rules first (they are enforced before sizing). */
export const CHECKS: readonly { id: GuardrailCheckId; run: (input: GuardrailInput) => GuardrailCheck }[] = [
  { id: 'playbook_stale', run: playbookStale },
  { id: 'playbook_gap_chase', run: playbookGapChase },
  { id: 'liquidity', run: liquidity },
  { id: 'position_size', run: positionSize },
  { id: 'sector_exposure', run: sectorExposure },
  { id: 'event_window', run: eventWindow },
  { id: 'regime', run: regime },
  { id: 'catalyst_freshness', run: catalystFreshness },
  { id: 'data_freshness', run: dataFreshness },
  { id: 'fat_finger', run: fatFinger },
];
