/**
 * Failures that go away by themselves (retried without end) versus failures of the data.
 */
package io.contactsync.worker.failure;
