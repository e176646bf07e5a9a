import { Alert } from './alert';
import { Button } from './button';

/**
 * What a screen shows when its data did not arrive: a sentence naming what is missing, the reason, and
 * (where refetching can help) a way to try again without reloading the page.
 */
export function LoadError({
  title,
  error,
  onRetry,
}: {
  /** e.g. "The integrations could not be loaded." */
  title: string;
  error: Error;
  onRetry?: () => void;
}) {
  return (
    <Alert
      tone="danger"
      title={title}
      actions={
        onRetry ? (
          <Button variant="secondary" size="sm" onClick={() => onRetry()}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {error.message}
    </Alert>
  );
}
