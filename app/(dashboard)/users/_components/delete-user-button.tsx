'use client';

import { useState } from 'react';
import { toast } from 'sonner';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
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
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Remove ${user.email}?`}
        description="They are signed out at once and can no longer use the console."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(user.id, {
                  onSuccess: () => {
                    setOpen(false);
                    toast.success(`${user.email} removed.`);
                  },
                })
              }
            >
              Remove user
            </Button>
          </>
        }
      >
        {remove.isError ? <Alert tone="danger">{remove.error.message}</Alert> : null}
      </Dialog>
    </>
  );
}
