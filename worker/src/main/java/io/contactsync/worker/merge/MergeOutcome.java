package io.contactsync.worker.merge;

/** What {@link MergeEngine#apply} decided. */
public sealed interface MergeOutcome permits Created, Updated, Unchanged, Rejected {

}
