import '../styles.css';
import './console.css';
import { ConsoleApp, CONSOLE_PAGES } from './index.ts';

// The console entry (console.html): no Babylon, no LiveKit — only the pages and their API calls.
const app = new ConsoleApp(document, CONSOLE_PAGES);
app.start().catch((err: unknown) => {
  const el = document.getElementById('sign-in-error');
  if (el) el.textContent = err instanceof Error ? err.message : 'The console failed to start.';
  document.getElementById('sign-in')?.removeAttribute('hidden');
});
