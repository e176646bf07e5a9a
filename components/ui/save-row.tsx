import { Button, type ButtonVariant } from './button';
import { cn } from './cn';

/**
 * A form's Save button with what became of the save beside it, read out to screen readers: "Saved.", or
 * the error when it is not already shown under a field.
 */
export function SaveRow({
  pending,
  saved,
  error,
  variant = 'secondary',
  className,
}: {
  pending: boolean;
  saved: boolean;
  error: string | null;
  variant?: ButtonVariant;
  className?: string;
}) {
  return (
    <div className={cn('flex items-center gap-3', className)}>
      <Button type="submit" variant={variant} loading={pending}>
        Save
      </Button>
      <p role="status" className="text-sm text-slate-700">
        {saved ? 'Saved.' : (error ?? '')}
      </p>
    </div>
  );
}
