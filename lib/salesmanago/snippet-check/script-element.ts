/**
 * Whether the browser runs a `<script>` element at all (its type, a src that overrides the inline
 * code), and where the code appears outside running scripts (text, attributes, comments).
 */
import type { ScriptElement, StrayMarker } from './html-scan';
import type { Finding } from './types';

// The HTML standard's JavaScript MIME type essences; the browser runs a classic script only for these.
const JAVASCRIPT_TYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

// Attributes by which cookie-consent tools (Cookiebot, OneTrust, Klaro, Complianz, Usercentrics...)
// mark scripts they hold back as type="text/plain" until the visitor agrees.
const CONSENT_ATTRIBUTE =
  /^data-(?:cookieconsent|cookiecategory|cookie-consent|category|consent|usercentrics|cmp|blocked|type|name|service)$/;
const CONSENT_CLASS = /optanon-category|cmplz|cookie|consent/i;

export const POPUPS_SRC = /\/dynamic\/[^/?#]+\/popups\.js(?:[?#]|$)/i;

function effectiveType(attributes: Map<string, string>): string {
  const type = attributes.get('type');
  if (type === undefined || type.trim() === '') {
    const language = attributes.get('language');
    return language ? `text/${language.trim().toLowerCase()}` : 'text/javascript';
  }
  return type.trim().toLowerCase();
}

export function checkScriptElement(script: ScriptElement, line: number): Finding[] {
  if (script.bare) return [];
  const findings: Finding[] = [];
  const src = script.attributes.get('src');
  if (src !== undefined) {
    findings.push({
      kind: 'type-changed',
      severity: 'error',
      line,
      message: `This <script> also has src="${src}", so the browser runs that file and ignores the monitoring code written inside it.`,
      fix: 'Put the monitoring code in its own <script type="text/javascript"> element without a src attribute.',
      expected: '<script type="text/javascript">',
    });
  }
  const type = effectiveType(script.attributes);
  if (JAVASCRIPT_TYPES.has(type)) return findings;
  const attributeNames = [...script.attributes.keys()];
  const consent =
    attributeNames.some((name) => CONSENT_ATTRIBUTE.test(name)) ||
    CONSENT_CLASS.test(script.attributes.get('class') ?? '');
  const shown = `type="${script.attributes.get('type') ?? ''}"`;
  if (type === 'module') {
    findings.push({
      kind: 'type-changed',
      severity: 'error',
      line,
      message:
        'The script has type="module". In a module, var _smid stays private to the script, so sm.js cannot read the client ID and nothing is tracked.',
      fix: 'Change it to <script type="text/javascript"> (or remove the type attribute).',
      expected: 'type="text/javascript"',
      found: shown,
    });
  } else if (consent) {
    findings.push({
      kind: 'type-changed',
      severity: 'warning',
      line,
      message: `The script has ${shown} and is managed by a cookie-consent tool: the browser does not run it until the visitor agrees to cookies, so visitors who do not agree are not tracked, and a page fetched by this checker shows it blocked.`,
      fix: 'If holding the code back until consent is intended, nothing to do: check in the consent tool that it is assigned to the right category. Otherwise change it to type="text/javascript".',
      expected: 'type="text/javascript"',
      found: shown,
    });
  } else {
    findings.push({
      kind: 'type-changed',
      severity: 'error',
      line,
      message: `The script has ${shown}. Browsers only run scripts of type text/javascript (or no type at all), so this code never runs.`,
      fix: 'Change the opening tag to <script type="text/javascript">, or copy the code again from this console.',
      expected: 'type="text/javascript"',
      found: shown,
    });
  }
  return findings;
}

const INERT_WORDS: Record<Exclude<StrayMarker['where'], 'text' | 'attribute'>, string> = {
  comment: 'an HTML comment (<!-- ... -->)',
  noscript: 'a <noscript> element, whose content only shows when JavaScript is off',
  template: 'a <template> element, whose content is never run',
  textarea: 'a <textarea> element (a text box)',
  style: 'a <style> element',
  title: 'the page <title>',
  xmp: 'an <xmp> element',
};

/** One finding per separate copy of monitoring code that sits outside any running script. */
export function strayFindings(strays: StrayMarker[], lineAt: (offset: number) => number): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const stray of strays) {
    const textual = stray.where === 'text' || stray.where === 'attribute';
    const group = `${stray.nextScript}:${textual ? 'text' : stray.where}`;
    if (seen.has(group)) continue;
    seen.add(group);
    const line = lineAt(stray.offset);
    if (textual) {
      findings.push({
        kind: 'shown-as-text',
        severity: 'error',
        line,
        message:
          stray.where === 'attribute'
            ? `The monitoring code is inside an HTML attribute on line ${line}, so the browser treats it as a value and never runs it.`
            : `The monitoring code is on the page as visible text (line ${line}), not as a script: the editor turned its <script> tags into text (&lt;script&gt;), so visitors see the code and the browser never runs it.`,
        fix: 'Remove it and paste the code again in the HTML/code view or a "Custom HTML" block, not in the visual editor.',
      });
    } else {
      findings.push({
        kind: 'commented-out',
        severity: 'error',
        line,
        message: `The monitoring code on line ${line} is inside ${INERT_WORDS[stray.where as keyof typeof INERT_WORDS]}, so the browser never runs it.`,
        fix: 'Move the code out of it: paste it on its own just before </body>.',
      });
    }
  }
  return findings;
}
