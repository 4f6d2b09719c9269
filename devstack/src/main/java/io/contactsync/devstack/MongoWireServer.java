package io.contactsync.devstack;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-wire-compatible server (mongo-java-server, memory backend) on a real TCP
 * socket. The real MongoDB driver talks to it. It stands in for MongoDB where no MongoDB
 * binary can run; see docs/architecture.md for what it does not support.
 */
final class MongoWireServer implements AutoCloseable {

	private final MongoServer server;

	private final InetSocketAddress address;

	private MongoWireServer(MongoServer server, InetSocketAddress address) {
		this.server = server;
		this.address = address;
	}

	static MongoWireServer start(int port) {
		// No oplog: nothing here uses change streams, and mongo-java-server would copy
		// every write into it (about a tenth of its CPU under the benchmark).
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind("127.0.0.1", port);
		return new MongoWireServer(server, server.getLocalAddress());
	}

	String uri() {
		return "mongodb://localhost:" + this.address.getPort();
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
