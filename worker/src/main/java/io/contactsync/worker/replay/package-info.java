/**
 * Operator commands: replay a range of commands (or dry-run it), and snapshot the state
 * topic.
 */
package io.contactsync.worker.replay;
