package io.contactsync.worker.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.store.ContactKeys;

/**
 * Splits a batch into groups of commands that may touch the same contact: commands that
 * share an identity key, directly or through a stored contact that holds keys of both
 * (one command by email, one by phone of the same person). Groups are independent, so a
 * lost write race only sends its own group round again. Within a group, commands keep
 * their batch order.
 */
final class Grouping {

	private Grouping() {
	}

	static List<List<Pending>> groups(List<Pending> commands, Collection<Contact> loaded) {
		UnionFind sets = new UnionFind();
		for (Contact contact : loaded) {
			List<String> keys = ContactKeys.of(contact);
			for (int i = 1; i < keys.size(); i++) {
				sets.union(keys.get(0), keys.get(i));
			}
		}
		for (Pending pending : commands) {
			List<String> keys = pending.keys();
			for (int i = 1; i < keys.size(); i++) {
				sets.union(keys.get(0), keys.get(i));
			}
		}
		Map<String, List<Pending>> groups = new LinkedHashMap<>();
		for (Pending pending : commands) {
			String root = sets.find(pending.keys().get(0));
			groups.computeIfAbsent(root, (r) -> new ArrayList<>()).add(pending);
		}
		return new ArrayList<>(groups.values());
	}

	private static final class UnionFind {

		private final Map<String, String> parent = new HashMap<>();

		String find(String key) {
			String root = key;
			String next;
			while ((next = this.parent.get(root)) != null && !next.equals(root)) {
				root = next;
			}
			// Path compression keeps later finds short.
			String node = key;
			while (!node.equals(root)) {
				String up = this.parent.get(node);
				this.parent.put(node, root);
				node = up;
			}
			return root;
		}

		void union(String a, String b) {
			String rootA = find(a);
			String rootB = find(b);
			if (!rootA.equals(rootB)) {
				this.parent.put(rootA, rootB);
			}
		}

	}

}
