/**
 * After a failed submit: the first field marked invalid gets the focus and is brought to the middle of the
 * screen (on a phone the form is long, and the field may sit far above the button that was pressed).
 * Call it after the errors are in the DOM (flushSync, or an effect on the errors).
 */
export function focusFirstInvalid(root: ParentNode = document): boolean {
  const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return false;
  field.focus({ preventScroll: true });
  field.scrollIntoView({ block: 'center' });
  return true;
}
