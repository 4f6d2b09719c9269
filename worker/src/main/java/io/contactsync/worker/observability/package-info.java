/** Metrics and health of the worker. */
package io.contactsync.worker.observability;
