// Importing this registers every background job kind, in whichever module graph imports it (the custom
// server resumes interrupted jobs on start; route handlers start new ones).
import './backfill';
import './bulk-cancel';
import './bulk-retry';
import './export';
import './retention';
