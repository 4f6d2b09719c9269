package io.contactsync.worker.merge;

/**
 * What {@link MergeEngine#upsert} did: a merge outcome, or a rejection of the command.
 */
public sealed interface UpsertResult permits MergeOutcome, Rejected {

}
