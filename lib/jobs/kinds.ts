/**
 * Every background job kind, registered by importing its module. server.ts imports this once, before
 * resumeJobs(), so a restart carries on with jobs of every kind; route handlers import the kind they start.
 */
import './backfill';
