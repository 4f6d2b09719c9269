/**
 * The pure merge engine: normalization, matching and per-field last-writer-wins merge.
 */
package io.contactsync.worker.merge;
