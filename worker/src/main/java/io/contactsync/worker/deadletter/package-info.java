/**
 * The dead-letter topic: records the worker will not apply, with their bytes and the
 * reason.
 */
package io.contactsync.worker.deadletter;
