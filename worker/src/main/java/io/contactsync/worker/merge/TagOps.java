package io.contactsync.worker.merge;

import java.util.Set;

/**
 * The normalized tag operations of one command (lower case, trimmed). When the command
 * replaces the tag set, its adds and removes are folded into {@code replace}, so a
 * command either replaces or adds/removes.
 *
 * @param replace the new whole tag set, or null to leave it
 * @param add tags to add
 * @param remove tags to remove
 */
public record TagOps(Set<String> replace, Set<String> add, Set<String> remove) {

	/** No tag operation. */
	public static final TagOps NONE = new TagOps(null, Set.of(), Set.of());

	public TagOps {
		replace = (replace != null) ? Frozen.sortedSet(replace) : null;
		add = Frozen.sortedSet(add);
		remove = Frozen.sortedSet(remove);
	}

	public boolean isEmpty() {
		return this.replace == null && this.add.isEmpty() && this.remove.isEmpty();
	}

}
