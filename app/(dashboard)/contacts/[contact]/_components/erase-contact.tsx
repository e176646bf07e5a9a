'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { erasurePreviewQuery, useEraseContact } from '@/lib/queries/contacts';

/** GDPR erasure: counts what will go, asks, removes, and says what went. */
export function EraseContact({ contact, onErased }: { contact: string; onErased: (note: string) => void }) {
  const [open, setOpen] = useState(false);
  const preview = useQuery({ ...erasurePreviewQuery(contact), enabled: open });
  const erase = useEraseContact();
  const counts = preview.data;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Erase contact…
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Erase this contact?"
        description={
          counts ? (
            <>
              This removes {counts.deliveries} deliveries and {counts.attempts} attempts (with their request
              and response bodies) that hold this contact, from every integration, for good. The audit log
              records that an erasure happened, not who. SALESmanago keeps its own copy: erase the contact
              there too.
            </>
          ) : preview.isError ? (
            preview.error.message
          ) : (
            'Counting what would be removed…'
          )
        }
        confirmLabel="Erase for good"
        pending={erase.isPending}
        error={erase.error}
        onConfirm={() =>
          counts &&
          erase.mutate(contact, {
            onSuccess: (r) => {
              setOpen(false);
              onErased(`${r.deliveries} deliveries and ${r.attempts} attempts were removed.`);
            },
          })
        }
      />
    </>
  );
}
