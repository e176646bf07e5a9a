import type { SnippetOptionsInput } from '@/lib/validations/snippet';

export type FindingSeverity = 'error' | 'warning' | 'info';

export type FindingKind =
  /** Info: the code matches the settings (exactly, or with harmless differences only). */
  | 'ok'
  | 'not-found'
  | 'duplicate'
  | 'client-id-mismatch'
  | 'host-mismatch'
  | 'smart-quotes'
  | 'html-entities'
  | 'html-tags-inside'
  /** Zero-width spaces and similar characters pasted from documents or chat apps. */
  | 'invisible-characters'
  | 'syntax-error'
  | 'wrapped-line'
  | 'loader-changed'
  | 'legacy-loader'
  | 'type-changed'
  | 'option-missing'
  | 'option-unexpected'
  /** An option is present on both sides with different values. */
  | 'option-changed'
  /** A top-level `sm(...)` call runs before any loader has defined `sm`. */
  | 'command-before-loader'
  | 'missing-semicolon'
  /** A token-level difference that does not change what the code does (info). */
  | 'harmless-change'
  /** The code is on the page as visible text or inside an attribute, not as a script. */
  | 'shown-as-text'
  /** The code sits inside an HTML comment (or another element whose content never runs). */
  | 'commented-out'
  /** Other code shares the monitoring code's `<script>` element; not checked (info). */
  | 'other-code';

export type Finding = {
  kind: FindingKind;
  severity: FindingSeverity;
  /** 1-based line in the checked source. */
  line?: number;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do about it. */
  fix: string;
  expected?: string;
  found?: string;
};

export type CheckSnippetInput = {
  /** Pasted code or a whole fetched HTML page. */
  source: string;
  expected: { clientId: string; endpoint: string; options?: SnippetOptionsInput };
};

export type CheckSnippetResult = {
  status: 'ok' | 'problems' | 'not-found';
  findings: Finding[];
  /** How many `<script>` elements (or pasted scripts) were recognised as monitoring code. */
  scriptsFound: number;
};
