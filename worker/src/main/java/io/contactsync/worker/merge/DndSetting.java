package io.contactsync.worker.merge;

/**
 * Do-not-disturb state of one channel.
 *
 * @param status the status (required)
 * @param message optional message
 * @param code optional code
 */
public record DndSetting(DndStatus status, String message, String code) {

	public static DndSetting of(DndStatus status) {
		return new DndSetting(status, null, null);
	}

	String display() {
		StringBuilder json = new StringBuilder("{\"status\":").append(JsonText.quote(String.valueOf(this.status)));
		if (this.message != null) {
			json.append(",\"message\":").append(JsonText.quote(this.message));
		}
		if (this.code != null) {
			json.append(",\"code\":").append(JsonText.quote(this.code));
		}
		return json.append('}').toString();
	}

}
