package io.contactsync.worker.merge;

import java.util.Objects;
import java.util.Optional;

/**
 * A value and the stamp of its last write. A {@code null} value is a tombstone: the field
 * was cleared at {@code stamp}, so an older write cannot bring it back.
 *
 * @param <T> the value type
 * @param value the value, or {@code null} when cleared
 * @param stamp the last write
 */
public record Stamped<T>(T value, Stamp stamp) {

	public Stamped {
		Objects.requireNonNull(stamp, "stamp");
	}

	public static <T> Stamped<T> cleared(Stamp stamp) {
		return new Stamped<>(null, stamp);
	}

	public boolean isCleared() {
		return this.value == null;
	}

	public Optional<T> current() {
		return Optional.ofNullable(this.value);
	}

}
