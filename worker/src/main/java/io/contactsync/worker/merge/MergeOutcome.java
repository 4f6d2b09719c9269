package io.contactsync.worker.merge;

/**
 * What {@link MergeEngine#apply} decided. {@link Rejected} from {@code apply} means the
 * command would take the contact past one of its {@link Limits}.
 */
public sealed interface MergeOutcome permits Created, Updated, Unchanged, Rejected {

}
