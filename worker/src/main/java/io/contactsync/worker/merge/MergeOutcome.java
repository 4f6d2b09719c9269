package io.contactsync.worker.merge;

/**
 * What {@link MergeEngine#apply} decided about a valid command. It never rejects: a
 * command is checked once, by {@link MergeEngine#normalize}.
 */
public sealed interface MergeOutcome extends UpsertResult permits Created, Updated, Unchanged {

}
