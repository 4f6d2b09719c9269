package io.contactsync.worker.merge;

/** HighLevel DND status. PERMANENT is not allowed on {@link DndChannel#INBOUND_ALL}. */
public enum DndStatus {

	ACTIVE, INACTIVE, PERMANENT

}
