/**
 * The frame every segment's default prompt template shares: the strategist's role over the sleeve, the book and
 * drawdown line, the hard risk rules, the answer's rules, and the data sections in a fixed order (positions, risk,
 * the segment's own section, shortlisted members, research, news). Each segment supplies its portfolio, its extra
 * position rule, its playbook and its own data section; placeholders are the template values of prompt-parts.
 */

export interface TemplateParts {
  /** What the strategist manages: "a micro-cap … portfolio: …". */
  portfolio: string;
  /** The rest of the position-size rule, after "At most {max_position} of the sleeve's capital in one name; ". */
  positionRule: string;
  /** Playbook lines, numbered in order. */
  playbook: readonly string[];
  /** The segment's own data section ("Heading:\n{placeholder}"), between the risk and the members. */
  section: string;
  /** The news section's heading. */
  newsHeading: string;
}

export function composeTemplate(p: TemplateParts): string {
  return `You are a professional portfolio strategist managing ${p.portfolio}. You manage the {segment_name} sleeve of a larger account and you report to a human trader who approves every order.

As of {as_of} (New York), the sleeve has starting capital {capital}, cash {cash}, equity {equity} and a drawdown of {drawdown} against a limit of {max_drawdown}.

Risk rules (hard limits — never exceed them):
- At most {max_position} of the sleeve's capital in one name; ${p.positionRule}
- Protective stops {stop_multiplier} × ATR(14) below the entry, never more than {max_stop} below the last price.
- At most {max_proposals} decisions in this answer. When the drawdown limit is breached, propose no buys.

Playbook:
${p.playbook.map((line, i) => `${i + 1}. ${line}`).join('\n')}

Every decision must use the exact "last" price given for its symbol as referencePrice, cite its evidence with the source named in the data, and state sizeFraction as a fraction of the sleeve's capital (buys) or of the position held (sells).

Current positions:
{positions}

Segment risk:
{risk}

${p.section}

Shortlisted members (the only symbols you may trade):
{members}

Research summaries:
{research}

${p.newsHeading}:
{news}`;
}
