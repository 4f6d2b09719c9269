package io.contactsync.worker.merge;

import java.util.Map;
import java.util.Set;

/**
 * Everything of a contact but its id, version and wall-clock times: what must converge.
 */
record ContactState(TenantId tenantId, Map<ContactField, Stamped<String>> fieldStates, TagSet tagSet,
		Map<String, Stamped<CustomValue>> customFieldStates, Map<DndChannel, Stamped<DndSetting>> dndStates,
		Set<SourceLink> sources) {

	static ContactState of(Contact contact) {
		return new ContactState(contact.tenantId(), contact.fieldStates(), contact.tagSet(),
				contact.customFieldStates(), contact.dndStates(), contact.sources());
	}

}
