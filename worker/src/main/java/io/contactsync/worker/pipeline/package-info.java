/**
 * The live pipeline: consume a batch, decode, merge in conflict rounds, write, publish.
 */
package io.contactsync.worker.pipeline;
