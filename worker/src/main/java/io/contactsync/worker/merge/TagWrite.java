package io.contactsync.worker.merge;

import java.util.Objects;

/**
 * The last add ({@code present}) or remove of one tag.
 *
 * @param present true when added, false when removed
 * @param stamp when
 */
public record TagWrite(boolean present, Stamp stamp) {

	public TagWrite {
		Objects.requireNonNull(stamp, "stamp");
	}

}
