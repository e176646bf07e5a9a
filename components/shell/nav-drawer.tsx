'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';

import { buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Logo } from './logo';

const PANEL_ID = 'shell-navigation';

function HomeLink() {
  return (
    <Link href="/" className="rounded-md" aria-label="SALESmanago External Events Console, home">
      <Logo />
    </Link>
  );
}

/**
 * The sidebar's frame. From `lg` up it is the sticky column beside the page, as it always was. Below
 * `lg` a phone would otherwise stack every menu item above the page, so the navigation waits behind a
 * "Menu" button in a compact top bar and opens as a panel over the page (a disclosure, not a modal: the
 * page stays in the tree, and the panel closes as soon as focus or the reader leaves it).
 */
export function NavDrawer({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // The menu is open for the page it was opened on: a navigation closes it without an effect, and the
  // server and the browser both start closed, so the markup hydrates the same.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    // The page behind the panel must not scroll under a finger that is scrolling the menu.
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = overflow;
    };
  }, [open]);

  function close({ returnFocus }: { returnFocus: boolean }) {
    setOpenOn(null);
    if (returnFocus) menuButton.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (open && event.key === 'Escape') {
      event.stopPropagation();
      close({ returnFocus: true });
    }
  }

  // Tabbing past the last link would otherwise reach the page hidden under the panel.
  function onBlur(event: FocusEvent) {
    const next = event.relatedTarget;
    if (!open || !(next instanceof Node)) return;
    if (event.currentTarget.contains(next) || menuButton.current?.contains(next)) return;
    close({ returnFocus: false });
  }

  return (
    // The outer column carries the background to the page's full height; the inner part stays in view.
    <div
      onKeyDown={onKeyDown}
      className="w-full shrink-0 border-b border-slate-200 bg-white lg:w-64 lg:border-r lg:border-b-0"
    >
      <div className="flex items-center justify-between gap-3 px-4 py-3 lg:hidden">
        <HomeLink />
        <button
          ref={menuButton}
          type="button"
          aria-expanded={open}
          aria-controls={PANEL_ID}
          onClick={() => (open ? close({ returnFocus: false }) : setOpenOn(pathname))}
          className={buttonClass('secondary', 'md')}
        >
          Menu
        </button>
      </div>
      <aside
        id={PANEL_ID}
        onBlur={onBlur}
        // A click on any link, even to the page already shown, is the reader being done with the menu.
        onClick={(event) => {
          if (event.target instanceof Element && event.target.closest('a')) close({ returnFocus: false });
        }}
        className={cn(
          'flex-col gap-6 px-4 py-4 lg:sticky lg:top-0 lg:flex lg:h-screen lg:overflow-y-auto',
          open ? 'fixed inset-0 z-40 flex overflow-y-auto bg-white lg:inset-auto lg:z-auto' : 'hidden',
        )}
      >
        <div className="flex items-center justify-between gap-3">
          <HomeLink />
          <button
            ref={closeButton}
            type="button"
            onClick={() => close({ returnFocus: true })}
            className={buttonClass('secondary', 'md', 'lg:hidden')}
          >
            Close menu
          </button>
        </div>
        {children}
      </aside>
    </div>
  );
}
