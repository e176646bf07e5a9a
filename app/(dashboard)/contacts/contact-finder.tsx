'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { contactHref } from '@/lib/queries/contacts';
import { contactKeySchema } from '@/lib/validations/contact';

/** One step from "did SALESmanago get my order?" to the contact's timeline. */
export function ContactFinder() {
  const router = useRouter();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>();
  return (
    <form
      className="flex max-w-xl flex-col gap-3 sm:flex-row sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = contactKeySchema.safeParse(text);
        if (!parsed.success) return setErrors(parsed.error.issues.map((i) => i.message));
        router.push(contactHref(parsed.data));
      }}
    >
      <Field label="Email or contact ID" errors={errors} className="flex-1">
        {(props) => (
          <input
            {...props}
            className={inputClass}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="anna@example.com"
            autoComplete="off"
          />
        )}
      </Field>
      <Button type="submit">Show timeline</Button>
    </form>
  );
}
