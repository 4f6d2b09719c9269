/**
 * The worker's command line: its commands, their usage, and the start-up check of the
 * services they need.
 */
package io.contactsync.worker.cli;
