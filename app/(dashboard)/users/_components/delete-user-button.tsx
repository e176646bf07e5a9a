'use client';

import { useState } from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { UserView } from '@/lib/data/users';
import { useDeleteUser } from '@/lib/queries/users';

export function DeleteUserButton({ user }: { user: UserView }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteUser();
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label={`Remove ${user.email}`}>
        Remove
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Remove ${user.email}?`}
        description="They are signed out at once and can no longer use the console."
        confirmLabel="Remove user"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(user.id, {
            onSuccess: () => {
              setOpen(false);
              toast.success(`${user.email} removed.`);
            },
          })
        }
      />
    </>
  );
}
