package io.contactsync.worker.merge;

/**
 * A do-not-disturb channel: HighLevel's outbound channels plus INBOUND_ALL
 * (inboundDndSettings.all).
 */
public enum DndChannel {

	CALL, EMAIL, SMS, WHATSAPP, GMB, FB, INBOUND_ALL

}
