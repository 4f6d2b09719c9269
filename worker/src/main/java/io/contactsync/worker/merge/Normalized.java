package io.contactsync.worker.merge;

/**
 * The result of {@link MergeEngine#normalize}: a command ready to apply, or a rejection.
 */
public sealed interface Normalized permits NormalizedCommand, Rejected {

}
