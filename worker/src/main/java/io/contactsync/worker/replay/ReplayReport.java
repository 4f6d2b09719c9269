package io.contactsync.worker.replay;

import java.util.List;
import java.util.Map;

import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.FieldChange;

/**
 * What a replay did, or would do in a dry run.
 *
 * @param records records read from the command topic
 * @param skipped records of other tenants
 * @param created commands that created a contact
 * @param updated commands that changed a contact
 * @param unchanged commands that changed nothing (already applied, or stale)
 * @param invalid records that are not valid commands (not dead-lettered again)
 * @param resumed true when the replay continued from its group's committed offsets
 * @param completed false when it was interrupted (run it again to resume)
 * @param samples field-level differences of the first contacts changed
 */
public record ReplayReport(long records, long skipped, long created, long updated, long unchanged, long invalid,
		boolean resumed, boolean completed, Map<ContactId, List<FieldChange>> samples) {
}
