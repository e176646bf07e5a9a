/**
 * Compares what the page sets up with the integration's settings: the client ID, the `_sm*`
 * options, the extra `sm(...)` commands and the pop-ups script.
 */
import { astEqual } from '../monitoring-code/js-syntax';
import type { ExpectedCode } from './expected';
import { literalValue, showValue, type PageModel } from './page-model';
import type { Finding } from './types';

const OPTION_LABELS: Record<string, string> = {
  _smapp: 'the application id (_smapp)',
  _smcustom: 'the smcustom flag (_smcustom)',
  _smbanners: 'the smbanners flag (_smbanners)',
  _smclt: 'the contact-cookie lifetime in days (_smclt)',
};

const FIX_OPTION_MISSING =
  'Copy the code again from this console, or turn the option off in the snippet settings if the site should not use it.';
const FIX_OPTION_UNEXPECTED =
  'If the site needs it, turn on the matching option in the snippet settings so the two agree; otherwise remove it from the page.';

export function compareClientId(page: PageModel, expected: ExpectedCode): Finding[] {
  const findings: Finding[] = [];
  const smids = page.globals.filter((global) => global.name === '_smid');
  for (const loader of page.loaders) {
    // sm.js reads _smid after it loads, so the declaration in effect is the last one before the loader.
    const smid = smids.filter((global) => global.offset < loader.offset).at(-1) ?? smids[0];
    if (!smid) {
      findings.push({
        kind: 'client-id-mismatch',
        severity: 'error',
        line: loader.line,
        message:
          'The code has no client ID: the line var _smid = "..." before the loader is missing, so SALESmanago cannot tell whose visitors these are.',
        fix: 'Copy the code again from this console; it starts with the var _smid line.',
        expected: expected.clientId,
        found: '(missing)',
      });
      continue;
    }
    const value = literalValue(smid.init);
    if (value.ok && value.value === expected.clientId) continue;
    const found = value.ok ? showValue(value.value) : '(not plain text)';
    if (smid.hidden?.length) {
      findings.push(clientIdWithHiddenCharacters(smid.line, smid.hidden, expected.clientId));
      continue;
    }
    findings.push({
      kind: 'client-id-mismatch',
      severity: 'error',
      line: smid.line,
      message: `The code uses client ID ${found}, but this integration's client ID is "${expected.clientId}". It may be a code from another or an old SALESmanago account, so visits are recorded there.`,
      fix: 'Replace the code with a fresh copy from this console, or correct the client ID in the integration settings if the one on the site is right.',
      expected: expected.clientId,
      found,
    });
  }
  return findings;
}

/** A client ID that differs only by characters nobody can see must say so, not show two equal-looking IDs. */
function clientIdWithHiddenCharacters(line: number, hidden: string[], clientId: string): Finding {
  return {
    kind: 'client-id-mismatch',
    severity: 'error',
    line,
    message: `The client ID on line ${line} contains characters that are invisible or only look like Latin letters: ${hidden.join('; ')}. SALESmanago reads it as a different client ID from "${clientId}", so visits are not recorded for this integration.`,
    fix: 'Retype the client ID by hand, or copy the code again from this console through a plain-text editor.',
    expected: clientId,
    found: hidden.join('; '),
  };
}

export function compareGlobals(page: PageModel, expected: ExpectedCode): Finding[] {
  const findings: Finding[] = [];
  const anchorLine = page.globals.find((global) => global.name === '_smid')?.line ?? page.loaders[0]?.line;
  const firstByName = new Map<string, PageModel['globals'][number]>();
  for (const global of page.globals) if (!firstByName.has(global.name)) firstByName.set(global.name, global);

  for (const [name, label] of Object.entries(OPTION_LABELS)) {
    const wanted = expected.globals.get(name);
    const found = firstByName.get(name);
    const value = found ? literalValue(found.init) : undefined;
    if (wanted !== undefined && !found) {
      findings.push({
        kind: 'option-missing',
        severity: 'warning',
        line: anchorLine,
        message: `Your settings include ${label}, but the code on the site does not have var ${name} = ${showValue(wanted)};.`,
        fix: FIX_OPTION_MISSING,
        expected: `var ${name} = ${showValue(wanted)};`,
        found: '(missing)',
      });
    } else if (wanted === undefined && found && value) {
      // `var _smcustom = false;` is what leaving the flag out means, so it is not worth a warning.
      const harmless = value.ok && value.value === false;
      findings.push({
        kind: 'option-unexpected',
        severity: harmless ? 'info' : 'warning',
        line: found.line,
        message: harmless
          ? `The code sets ${name} to false, which is the same as leaving it out.`
          : `The code on the site sets ${label}, but your settings do not include it.`,
        fix: harmless ? 'Nothing to do.' : FIX_OPTION_UNEXPECTED,
        found: value.ok ? showValue(value.value) : undefined,
      });
    } else if (wanted !== undefined && found && value && !(value.ok && Object.is(value.value, wanted))) {
      findings.push({
        kind: 'option-changed',
        severity: 'warning',
        line: found.line,
        message: `The code sets ${label} to ${value.ok ? showValue(value.value) : 'a computed value'}, but your settings say ${showValue(wanted)}.`,
        fix: 'Copy the code again from this console, or change the option in the snippet settings to match the site.',
        expected: showValue(wanted),
        found: value.ok ? showValue(value.value) : undefined,
      });
    }
  }

  const clientIdLine = firstByName.get('_smclientid');
  if (clientIdLine && !expected.options.clientIdPlaceholder) {
    findings.push({
      kind: 'option-unexpected',
      severity: 'info',
      line: clientIdLine.line,
      message:
        "The site sets var _smclientid (the logged-in contact's ID). That is fine when your site fills it in for logged-in visitors.",
      fix: 'Nothing to do. Turn on the contact-ID option in the snippet settings to record that the site does this.',
    });
  } else if (!clientIdLine && expected.options.clientIdPlaceholder && page.loaders.length > 0) {
    findings.push({
      kind: 'option-missing',
      severity: 'info',
      line: anchorLine,
      message:
        'There is no var _smclientid line on this page. The site prints it only for logged-in visitors, so a page checked while logged out will not have it.',
      fix: 'Check a page as a logged-in customer to confirm it, if needed.',
    });
  }

  for (const [name, global] of firstByName) {
    if (name === '_smid' || name === '_smclientid' || name in OPTION_LABELS) continue;
    const value = literalValue(global.init);
    findings.push({
      kind: 'option-unexpected',
      severity: 'info',
      line: global.line,
      message: `The code sets ${name}, which this console does not generate (SALESmanago may use it, for example _smcsec for cookie consent, but it is not checked).`,
      fix: 'Nothing to do if you added it on purpose.',
      found: value.ok ? showValue(value.value) : undefined,
    });
  }
  return findings;
}

function commandName(code: string): string {
  return /^sm\(\s*(['"])(.*?)\1/.exec(code)?.[2] ?? '';
}

export function compareCommands(page: PageModel, expected: ExpectedCode): Finding[] {
  const findings: Finding[] = [];
  const unmatched = [...page.commands];
  const missing: ExpectedCode['commands'] = [];
  for (const command of expected.commands) {
    const index = unmatched.findIndex((found) => astEqual(found.call, command.call));
    if (index >= 0) unmatched.splice(index, 1);
    else missing.push(command);
  }
  const firstModern = page.loaders.find((loader) => loader.loader.kind === 'modern');
  for (const command of page.commands) {
    if (!firstModern || command.offset > firstModern.offset) continue;
    // In the loader's own script the error also stops the loader below it; elsewhere only the call is lost.
    const sameScript = command.script === firstModern.script;
    findings.push({
      kind: 'command-before-loader',
      severity: sameScript ? 'error' : 'warning',
      line: command.line,
      message: sameScript
        ? `${command.code} on line ${command.line} comes before the loader that creates sm, so the browser stops there with "sm is not defined" and the rest of the monitoring code never runs.`
        : `${command.code} on line ${command.line} runs before the monitoring code has created sm, so the browser stops there with "sm is not defined" and the command is lost.`,
      fix: 'Move the sm(...) line below the monitoring code.',
    });
  }
  const anchorLine = page.loaders.at(-1)?.line;
  // Without any monitoring code on the page, "not found" says it all (as for pop-ups below).
  for (const command of page.loaders.length > 0 ? missing : []) {
    const name = commandName(command.code);
    const changedIndex = unmatched.findIndex((found) => name !== '' && commandName(found.code) === name);
    const changed = changedIndex >= 0 ? unmatched.splice(changedIndex, 1)[0] : undefined;
    findings.push(
      changed
        ? {
            kind: 'option-changed',
            severity: 'warning',
            line: changed.line,
            message: `The site's sm('${name}', ...) line differs from the one in your settings.`,
            fix: 'Copy the code again from this console, or change the extra command in the snippet settings to match the site.',
            expected: command.code,
            found: changed.code,
          }
        : {
            kind: 'option-missing',
            severity: 'warning',
            line: anchorLine,
            message: `The extra command ${command.code} from your settings is not on the page.`,
            fix: FIX_OPTION_MISSING,
            expected: command.code,
            found: '(missing)',
          },
    );
  }
  for (const command of unmatched) {
    findings.push({
      kind: 'option-unexpected',
      severity: 'warning',
      line: command.line,
      message: `The page calls ${command.code}, which is not among the extra commands in your settings.`,
      fix: FIX_OPTION_UNEXPECTED,
      found: command.code,
    });
  }
  return findings;
}

export function comparePopups(page: PageModel, expected: ExpectedCode): Finding[] {
  const wanted = new URL(expected.popupsUrl);
  const findings: Finding[] = [];
  for (const popups of page.popups) {
    if (!expected.options.popups) {
      findings.push({
        kind: 'option-unexpected',
        severity: 'warning',
        line: popups.line,
        message:
          'The page loads the SALESmanago pop-ups script (popups.js), but pop-ups are off in your settings.',
        fix: FIX_OPTION_UNEXPECTED,
        found: popups.src,
      });
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(popups.src, `${expected.endpoint.base}/`);
    } catch {
      url = undefined;
    }
    if (url && url.host === wanted.host && url.pathname === wanted.pathname) continue;
    const otherClient = url && url.host === wanted.host;
    findings.push({
      kind: otherClient ? 'client-id-mismatch' : 'host-mismatch',
      severity: 'error',
      line: popups.line,
      message: `The pop-ups script is loaded from ${popups.src}, but for this integration it is ${expected.popupsUrl}.`,
      fix: 'Copy the code again from this console.',
      expected: expected.popupsUrl,
      found: popups.src,
    });
  }
  if (expected.options.popups && page.popups.length === 0 && page.loaders.length > 0) {
    const pasted = page.mode === 'js';
    findings.push({
      kind: 'option-missing',
      severity: pasted ? 'info' : 'warning',
      line: page.loaders.at(-1)?.line,
      message: pasted
        ? 'Pop-ups are on in your settings; their <script src=".../popups.js"> line is not in the pasted code, which has no HTML tags to check.'
        : 'Pop-ups are on in your settings, but the page does not load the pop-ups script (popups.js).',
      fix: 'Copy the whole code again from this console, including the second <script> line for pop-ups.',
      expected: `<script src="${expected.popupsUrl}"></script>`,
      found: '(missing)',
    });
  }
  return findings;
}
