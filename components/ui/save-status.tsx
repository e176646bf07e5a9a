/**
 * What became of a form's save, beside its button: "Saved.", or the API's message when no field
 * carries it (field errors show under their fields). A live region, so a screen reader hears it.
 */
export function SaveStatus({
  save,
  fieldErrors,
  savedText = 'Saved.',
}: {
  save: { isSuccess: boolean; isError: boolean; error: Error | null };
  fieldErrors: Record<string, string[]> | undefined;
  savedText?: string;
}) {
  const unplaced = save.isError && !Object.keys(fieldErrors ?? {}).length;
  return (
    <p role="status" className="text-sm text-slate-700">
      {save.isSuccess ? savedText : unplaced ? save.error?.message : ''}
    </p>
  );
}
