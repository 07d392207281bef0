/**
 * `--junit FILE`: the run's checks as JUnit XML, the test-result format CI systems show (GitHub,
 * GitLab, Jenkins, Azure). One <testcase> per check, written also when every check passes; a run
 * whose optimisation failed (or did not converge under --strict) adds one failing test case, so a
 * report never shows green for a fit that exit code 3 says failed.
 */
import { failureText } from '../report/remedies.js';
import type { Check } from '../checks/check.js';
import type { Failure } from '../optim/index.js';

export interface JunitRun {
  failure: Failure | null;
  converged: boolean;
  message: string;
  checks: Check[];
}

/**
 * Text for XML 1.0: the five special characters as entities; in attributes also tab and line
 * breaks as character references (an attribute's value would otherwise be normalised to spaces);
 * characters XML 1.0 cannot hold at all, even as references (other control characters, lone
 * surrogates, U+FFFE, U+FFFF), as the visible text \uXXXX.
 */
export function xmlEscape(text: string, attribute = false): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + text[i + 1];
      i++;
      continue;
    }
    switch (ch) {
      case '&': out += '&amp;'; continue;
      case '<': out += '&lt;'; continue;
      case '>': out += '&gt;'; continue;
      case '"': out += '&quot;'; continue;
      case "'": out += '&apos;'; continue;
      case '\t': case '\n': case '\r':
        out += attribute ? `&#${c};` : ch;
        continue;
    }
    const forbidden = c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
    out += forbidden ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

const attr = (s: string): string => `"${xmlEscape(s, true)}"`;

/** The JUnit XML document for a run of `command` (fit, minimize). */
export function junitXml(command: string, run: JunitRun, strict: boolean): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (run.failure || (strict && !run.converged)) {
    errors++;
    const message = run.failure ? failureText(run.failure) : `did not converge (--strict): ${run.message}`;
    cases.push(
      `    <testcase classname=${attr(`gradfit.${command}`)} name=${attr(run.failure ? 'optimisation' : 'convergence')} time="0">\n` +
        `      <error message=${attr(message)} type=${attr(run.failure ? 'optimisation-failed' : 'not-converged')}>${xmlEscape(message)}</error>\n` +
        '    </testcase>',
    );
  }
  for (const c of run.checks) {
    const head = `    <testcase classname=${attr(`gradfit.${command}.${c.kind}`)} name=${attr(`${c.kind} ${c.name}`)} time="0">\n`;
    if (c.passed) {
      cases.push(`${head}      <system-out>${xmlEscape(c.message)}</system-out>\n    </testcase>`);
    } else {
      failures++;
      cases.push(`${head}      <failure message=${attr(c.message)} type=${attr(c.kind)}>${xmlEscape(c.message)}</failure>\n    </testcase>`);
    }
  }
  const tests = cases.length;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="0"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="gradfit" ${counts}>\n` +
    `  <testsuite name=${attr(`gradfit ${command}`)} ${counts}>\n` +
    (cases.length > 0 ? `${cases.join('\n')}\n` : '') +
    '  </testsuite>\n' +
    '</testsuites>\n'
  );
}
